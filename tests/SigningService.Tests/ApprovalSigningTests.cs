using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SigningService.Notifications;
using SigningService.Domain.Approval;
using TestSupport;

namespace SigningService.Tests;

/// <summary>Officials sign from the inbox with their own PIN: one document, a batch, a wrong PIN.</summary>
public abstract class ApprovalSigningTests(ServiceApp app)
{
    [Fact]
    public async Task Approving_with_the_pin_signs_the_document_into_a_pdf_pdfsig_accepts_and_records_the_signature()
    {
        var document = await Inbox.SubmitAsync(app);
        using var kadis = await Inbox.LoginAsync(app, "kadis");
        var item = Assert.Single((await Inbox.ListAsync(kadis)).Items, i => i.Id == document.Id);
        Assert.Equal(("sign", "Kepala Dinas", "pending_approval"), (item.Action, item.ActingAs, item.Status));

        var result = await Inbox.ApproveOkAsync(kadis, document.Id, Inbox.DevPin);
        Assert.Equal(("signed", "signed"), (result.Outcome, result.Status));

        using var client = app.Client();
        var signed = await Api.GetAsync(client, document.Id);
        Assert.Equal(("signed", "Budi Santoso", "Kepala Dinas"), (signed.Status, signed.SignedBy, signed.SignedByPosition));
        Assert.Equal(result.SignedSha256, signed.SignedSha256);
        var pdf = await Api.DownloadAsync(client, document.Id, "signed");
        SignedPdf.AssertValid(Sample.Permit, pdf, signed.SignedSha256!, signed.VerifyUrl);

        var row = await app.WithDb(db => db.DocumentSignatures.AsNoTracking().SingleAsync(s => s.DocumentId == document.Id));
        Assert.Equal((DocumentSignatureKind.Signature, "Kepala Dinas", document.OriginalSha256, signed.SignedSha256),
            (row.Kind, row.Position, row.DocumentSha256, row.SignedSha256));
        Assert.DoesNotContain((await Inbox.ListAsync(kadis)).Items, i => i.Id == document.Id);
        using var again = await Inbox.ApproveAsync(kadis, document.Id, Inbox.DevPin);
        await Api.ExpectProblemAsync(again, HttpStatusCode.Conflict, "already-decided");
    }

    [Fact]
    public async Task A_batch_of_five_is_signed_with_one_pin_and_answers_a_result_per_document()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
            ids.Add((await Inbox.SubmitAsync(app)).Id);
        using var kadis = await Inbox.LoginAsync(app, "kadis");

        var batch = await Inbox.BatchOkAsync(kadis, ids, Inbox.DevPin);

        Assert.Equal((5, 0), (batch.Succeeded, batch.Failed));
        Assert.Equal(ids, batch.Results.Select(r => r.DocumentId));
        Assert.All(batch.Results, r => Assert.Equal(("signed", "signed"), (r.Outcome, r.Status)));
        using var client = app.Client();
        foreach (var id in ids)
            Assert.Equal("signed", (await Api.GetAsync(client, id)).Status);
        var documentIds = ids.Select(id => (Guid?)id).ToList();
        var keyUses = await app.WithDb(db => db.AuditEvents.CountAsync(e => documentIds.Contains(e.DocumentId) && e.Action == "key.used"));
        Assert.Equal(5, keyUses);
    }

    [Fact]
    public async Task A_wrong_pin_is_pin_incorrect_and_every_document_stays_pending_approval()
    {
        var first = await Inbox.SubmitAsync(app);
        var second = await Inbox.SubmitAsync(app);
        using var kadis = await Inbox.LoginAsync(app, "kadis");

        using (var batch = await kadis.PostAsJsonAsync("/api/v1/inbox/batch-approve", new { ids = new[] { first.Id, second.Id }, pin = "000000" }, Api.Json))
            await Api.ExpectProblemAsync(batch, HttpStatusCode.UnprocessableEntity, "pin-incorrect");
        using (var one = await Inbox.ApproveAsync(kadis, first.Id, "654321"))
            await Api.ExpectProblemAsync(one, HttpStatusCode.UnprocessableEntity, "pin-incorrect");
        using (var none = await Inbox.ApproveAsync(kadis, first.Id))
            await Api.ExpectProblemAsync(none, HttpStatusCode.BadRequest, "pin-required");

        using var client = app.Client();
        Assert.Equal("pending_approval", (await Api.GetAsync(client, first.Id)).Status);
        Assert.Equal("pending_approval", (await Api.GetAsync(client, second.Id)).Status);
        Assert.Contains((await Inbox.ListAsync(kadis)).Items, i => i.Id == second.Id);
        var refusals = await app.WithDb(db => db.AuditEvents.CountAsync(e => e.Action == "approval.token-refused" && e.Actor == "account:kadis"));
        Assert.True(refusals >= 2, $"each refused login is audited ({refusals})");
        Assert.Empty(await app.WithDb(db => db.DocumentSignatures.Where(s => s.DocumentId == first.Id || s.DocumentId == second.Id).ToListAsync()));
    }

    [Fact]
    public async Task The_daily_digest_lists_each_persons_waiting_documents_and_the_outbox_sends_it()
    {
        var document = await Inbox.SubmitAsync(app);
        int queued;
        await using (var scope = app.Services.CreateAsyncScope())
            queued = await ActivatorUtilities.CreateInstance<InboxDigestJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
        Assert.True(queued >= 1, "at least the Kepala Dinas has something waiting");

        var digest = await app.WithDb(db => db.EmailNotifications.AsNoTracking()
            .Where(n => n.Kind == InboxNotifications.Digest && n.To.StartsWith("kadis@")).OrderByDescending(n => n.CreatedAt).FirstAsync());
        Assert.StartsWith("Ringkasan harian", digest.Subject, StringComparison.Ordinal);
        Assert.Contains(document.Number, digest.Body, StringComparison.Ordinal);
        Assert.Contains("[tanda tangan]", digest.Body, StringComparison.Ordinal);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (await app.WithDb(db => db.EmailNotifications.Where(n => n.Id == digest.Id).Select(n => n.Status).SingleAsync()) != NotificationStatus.Sent)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "the dispatch job did not send the digest");
            await Task.Delay(200);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApprovalSigningTestsOnSqlite(SqliteApp app) : ApprovalSigningTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ApprovalSigningTestsOnPostgres(PostgresApp app) : ApprovalSigningTests(app);
