using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SigningService.Domain.Approval;

namespace SigningService.Tests;

/// <summary>The paraf chain of demo-kadis-paraf (Kasi → Kabid → Sekretaris) before the Kepala Dinas signs; rejection.</summary>
public abstract class ParafChainTests(ServiceApp app)
{
    [Fact]
    public async Task The_head_cannot_sign_before_kasi_kabid_and_sekretaris_paraf_in_order_each_against_the_original_hash()
    {
        var document = await Inbox.SubmitAsync(app, Inbox.ParafType);
        Assert.Equal("pending_paraf", document.Status);
        using var kadis = await Inbox.LoginAsync(app, "kadis");
        using var kasi = await Inbox.LoginAsync(app, "kasi");
        using var kabid = await Inbox.LoginAsync(app, "kabid");
        using var sekretaris = await Inbox.LoginAsync(app, "sekretaris");

        Assert.DoesNotContain((await Inbox.ListAsync(kadis)).Items, i => i.Id == document.Id);
        using (var early = await Inbox.ApproveAsync(kadis, document.Id, Inbox.DevPin))
            await Api.ExpectProblemAsync(early, HttpStatusCode.Conflict, "paraf-incomplete");
        using (var outOfTurn = await Inbox.ApproveAsync(kabid, document.Id))
            await Api.ExpectProblemAsync(outOfTurn, HttpStatusCode.NotFound, "not-your-document");

        foreach (var (client, position, step) in new[] { (kasi, "Kepala Seksi Perizinan", 1), (kabid, "Kepala Bidang Perizinan", 2), (sekretaris, "Sekretaris", 3) })
        {
            var item = Assert.Single((await Inbox.ListAsync(client)).Items, i => i.Id == document.Id);
            Assert.Equal(("paraf", position, step - 1, 3), (item.Action, item.ActingAs, item.ParafDone, item.ParafSteps));
            var result = await Inbox.ApproveOkAsync(client, document.Id);
            Assert.Equal(("paraf", step == 3 ? "pending_approval" : "pending_paraf"), (result.Outcome, result.Status));
            using var twice = await Inbox.ApproveAsync(client, document.Id);
            await Api.ExpectProblemAsync(twice, HttpStatusCode.Conflict, "already-decided");
        }

        Assert.Single((await Inbox.ListAsync(kadis)).Items, i => i.Id == document.Id && i.Action == "sign");
        var signed = await Inbox.ApproveOkAsync(kadis, document.Id, Inbox.DevPin);
        Assert.Equal("signed", signed.Status);

        var rows = await app.WithDb(db => db.DocumentSignatures.AsNoTracking().Where(s => s.DocumentId == document.Id).OrderBy(s => s.At).ToListAsync());
        Assert.Equal([1, 2, 3, null], rows.Select(r => r.ParafStep));
        Assert.Equal([DocumentSignatureKind.Paraf, DocumentSignatureKind.Paraf, DocumentSignatureKind.Paraf, DocumentSignatureKind.Signature], rows.Select(r => r.Kind));
        Assert.Equal(["Rina Kusuma", "Agus Prasetyo", "Siti Rahmawati", "Budi Santoso"], rows.Select(r => r.Name));
        Assert.All(rows, r => Assert.Equal(document.OriginalSha256, r.DocumentSha256));

        // Each arrival in an inbox was announced by e-mail, written outside the transaction by the dispatch job.
        var arrivals = await app.WithDb(db => db.EmailNotifications.AsNoTracking()
            .Where(n => n.DocumentId == document.Id && n.Kind == "inbox.arrived").OrderBy(n => n.CreatedAt).ToListAsync());
        Assert.Equal(["kasi@", "kabid@", "sekretaris@", "kadis@"], arrivals.Select(n => n.To[..(n.To.IndexOf('@') + 1)]));
        Assert.All(arrivals, n => Assert.Equal("Dokumen menunggu persetujuan Anda", n.Subject));
        var eml = await WaitForMailAsync(document.Number);
        Assert.Contains("Subject: Dokumen menunggu persetujuan Anda", eml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_and_makes_the_document_rejected_with_a_webhook_carrying_the_reason()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var document = await Inbox.SubmitAsync(app, Inbox.ParafType, receiver.Url("/hooks/tolak"));
        using var kasi = await Inbox.LoginAsync(app, "kasi");
        using var kabid = await Inbox.LoginAsync(app, "kabid");

        using (var noReason = await Inbox.RejectAsync(kasi, document.Id, " "))
            await Api.ExpectProblemAsync(noReason, HttpStatusCode.BadRequest, "invalid-request");
        using (var notYet = await Inbox.RejectAsync(kabid, document.Id, "Bukan giliran saya"))
            await Api.ExpectProblemAsync(notYet, HttpStatusCode.NotFound, "not-your-document");
        using (var rejected = await Inbox.RejectAsync(kasi, document.Id, "Lampiran denah lokasi belum ada"))
            Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);

        using var client = app.Client();
        Assert.Equal("rejected", (await Api.GetAsync(client, document.Id)).Status);
        var hook = Assert.Single(await receiver.WaitForAsync(r => r.Event == "document.rejected" && r.DocumentId == document.Id.ToString()));
        var body = hook.Payload.GetProperty("document");
        Assert.Equal(("rejected", "Lampiran denah lokasi belum ada"),
            (body.GetProperty("status").GetString(), body.GetProperty("rejectionReason").GetString()));
        var audit = await app.WithDb(db => db.AuditEvents.AsNoTracking().SingleAsync(e => e.DocumentId == document.Id && e.Action == "document.rejected"));
        Assert.Equal("account:kasi", audit.Actor);
        Assert.Contains("Lampiran denah lokasi belum ada", audit.Details, StringComparison.Ordinal);

        using (var again = await Inbox.ApproveAsync(kasi, document.Id))
            await Api.ExpectProblemAsync(again, HttpStatusCode.Conflict, "already-decided");
        var history = await kasi.GetFromJsonAsync<List<SigningService.Approval.HistoryEntry>>("/api/v1/inbox/history", Api.Json);
        Assert.Contains(history!, h => h.DocumentId == document.Id && h.Kind == "rejection" && h.Detail == "Lampiran denah lokasi belum ada");
    }

    private async Task<string> WaitForMailAsync(string containing)
    {
        var folder = Path.Combine(app.DataFolder, "mail");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (Directory.Exists(folder))
            {
                foreach (var file in Directory.GetFiles(folder, "*.eml"))
                {
                    var text = await File.ReadAllTextAsync(file);
                    if (text.Contains(containing, StringComparison.Ordinal))
                        return text;
                }
            }
            await Task.Delay(200);
        }
        Assert.Fail($"no .eml in {folder} mentions {containing}");
        return "";
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ParafChainTestsOnSqlite(SqliteApp app) : ParafChainTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ParafChainTestsOnPostgres(PostgresApp app) : ParafChainTests(app);
