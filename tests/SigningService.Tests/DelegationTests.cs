using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SigningService.Approval;
using SigningService.Domain;
using SigningService.Domain.Approval;
using TestSupport;

namespace SigningService.Tests;

/// <summary>Plh/Plt: while an order is in force the head's documents route to the acting official; ending it routes them back.</summary>
public abstract class DelegationTests(ServiceApp app)
{
    private const string Basis = "800/1234/35.73.406/2026";

    [Fact]
    public async Task Under_a_plh_order_the_acting_official_signs_with_plh_on_the_stamp_and_the_head_no_longer_sees_the_document()
    {
        using var admin = await Inbox.LoginAsync(app, "admin");
        var delegation = await CreateAsync(admin, Sample.KadisType);
        try
        {
            var document = await Inbox.SubmitAsync(app);
            using var kadis = await Inbox.LoginAsync(app, "kadis");
            using var sekretaris = await Inbox.LoginAsync(app, "sekretaris");

            Assert.DoesNotContain((await Inbox.ListAsync(kadis)).Items, i => i.Id == document.Id);
            using (var head = await Inbox.ApproveAsync(kadis, document.Id, Inbox.DevPin))
                await Api.ExpectProblemAsync(head, HttpStatusCode.NotFound, "not-your-document");
            var item = Assert.Single((await Inbox.ListAsync(sekretaris)).Items, i => i.Id == document.Id);
            Assert.Equal(("sign", "Plh. Kepala Dinas", "Plh", Basis), (item.Action, item.ActingAs, item.Delegation?.Kind, item.Delegation?.LegalBasis));

            var result = await Inbox.ApproveOkAsync(sekretaris, document.Id, Inbox.DevPin);
            Assert.Equal("signed", result.Status);

            using var client = app.Client();
            var signed = await Api.GetAsync(client, document.Id);
            Assert.Equal(("Siti Rahmawati", "Plh. Kepala Dinas"), (signed.SignedBy, signed.SignedByPosition));
            var pdf = await Api.DownloadAsync(client, document.Id, "signed");
            SignedPdf.AssertValid(Sample.Permit, pdf, signed.SignedSha256!, signed.VerifyUrl);
            using var temp = new TempDir();
            File.WriteAllBytes(temp.File("signed.pdf"), pdf);
            var text = string.Join(" ", IndependentValidators.PdfToText(temp.File("signed.pdf"), page: 1).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("Plh. Kepala Dinas", text, StringComparison.Ordinal);
            Assert.Contains("Siti Rahmawati", text, StringComparison.Ordinal);

            var stored = await app.WithDb(db => db.Documents.AsNoTracking().SingleAsync(d => d.Id == document.Id));
            Assert.Equal((delegation, DelegationKind.Plh, Basis), (stored.DelegationId, stored.DelegationKind, stored.DelegationBasis));
            var row = await app.WithDb(db => db.DocumentSignatures.AsNoTracking().SingleAsync(s => s.DocumentId == document.Id));
            Assert.Equal((delegation, "Plh. Kepala Dinas"), (row.DelegationId, row.Position));

            var publicId = signed.VerifyUrl[(signed.VerifyUrl.LastIndexOf('/') + 1)..];
            var page = await app.Client(apiKey: null).GetStringAsync($"/v/{publicId}");
            Assert.Contains("Plh. Kepala Dinas", page, StringComparison.Ordinal);
            Assert.Contains(Basis, page, StringComparison.Ordinal);
        }
        finally
        {
            await EndAsync(admin, delegation);
        }
    }

    [Fact]
    public async Task A_pending_document_follows_the_order_while_it_is_in_force_and_goes_back_to_the_head_when_it_ends()
    {
        var document = await Inbox.SubmitAsync(app);
        using var admin = await Inbox.LoginAsync(app, "admin");
        using var kadis = await Inbox.LoginAsync(app, "kadis");
        using var sekretaris = await Inbox.LoginAsync(app, "sekretaris");
        Assert.Contains((await Inbox.ListAsync(kadis)).Items, i => i.Id == document.Id);

        var delegation = await CreateAsync(admin, Sample.KadisType);
        try
        {
            Assert.DoesNotContain((await Inbox.ListAsync(kadis)).Items, i => i.Id == document.Id);
            Assert.Contains((await Inbox.ListAsync(sekretaris)).Items, i => i.Id == document.Id);
        }
        finally
        {
            await EndAsync(admin, delegation);
        }
        Assert.Contains((await Inbox.ListAsync(kadis)).Items, i => i.Id == document.Id);
        Assert.DoesNotContain((await Inbox.ListAsync(sekretaris)).Items, i => i.Id == document.Id);

        // Another type of the head's is not covered by an order limited to demo-kadis.
        var other = await CreateAsync(admin, Inbox.ParafType);
        try
        {
            Assert.Contains((await Inbox.ListAsync(kadis)).Items, i => i.Id == document.Id);
        }
        finally
        {
            await EndAsync(admin, other);
        }
    }

    [Fact]
    public void An_order_signed_atas_nama_prints_a_n_head_above_the_acting_officials_own_jabatan()
    {
        var head = Official("Budi Santoso", "Kepala Dinas");
        var acting = Official("Siti Rahmawati", "Sekretaris");
        var plh = new Delegation { Kind = DelegationKind.Plh, LegalBasis = Basis, CreatedBy = "admin" };
        var an = new Delegation { Kind = DelegationKind.Plt, LegalBasis = Basis, CreatedBy = "admin", OnBehalf = true };

        Assert.Equal(("Kepala Dinas", (string?)null), ApprovalSigner.StampLines(head, head, null));
        Assert.Equal(("Plh. Kepala Dinas", (string?)null), ApprovalSigner.StampLines(head, acting, plh));
        Assert.Equal(("Sekretaris", "a.n. Kepala Dinas"), ApprovalSigner.StampLines(head, acting, an));
    }

    private static Signatory Official(string name, string position) => new() { Name = name, Position = position, Certificate = [] };

    private static async Task<Guid> CreateAsync(HttpClient admin, string type)
    {
        var officials = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/signatories", Api.Json);
        Guid Id(string token) => officials.EnumerateArray().Single(s => s.GetProperty("tokenLabel").GetString() == token).GetProperty("id").GetGuid();
        using var response = await admin.PostAsJsonAsync("/api/v1/admin/delegations", new
        {
            headSignatoryId = Id("dev-kadis"), actingSignatoryId = Id("dev-sekretaris"), kind = "Plh", legalBasis = Basis,
            validFrom = DateTimeOffset.UtcNow.AddMinutes(-1).ToOffset(TimeSpan.FromHours(7)), validUntil = DateTimeOffset.UtcNow.AddDays(3),
            documentTypes = new[] { type },
        }, Api.Json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var created = JsonDocument.Parse(body).RootElement;
        Assert.True(created.GetProperty("activeNow").GetBoolean());
        return created.GetProperty("id").GetGuid();
    }

    private static async Task EndAsync(HttpClient admin, Guid id)
    {
        using var ended = await admin.PostAsync($"/api/v1/admin/delegations/{id}/end", null);
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DelegationTestsOnSqlite(SqliteApp app) : DelegationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DelegationTestsOnPostgres(PostgresApp app) : DelegationTests(app);
