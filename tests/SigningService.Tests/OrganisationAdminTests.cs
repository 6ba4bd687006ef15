using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TestSupport;

namespace SigningService.Tests;

/// <summary>The admin registers OPDs, officials and e-seals (token label + certificate), renews and deactivates them.</summary>
public abstract class OrganisationAdminTests(ServiceApp app)
{
    private static string Pem(string name) => File.ReadAllText(Path.Combine(RepoPaths.CertsDev, name + ".pem"));

    [Fact]
    public async Task An_admin_creates_an_opd_registers_an_official_with_token_and_certificate_renews_it_and_switches_it_off()
    {
        using var admin = await Inbox.LoginAsync(app, "admin");
        var code = "dinkes-" + Guid.NewGuid().ToString("N")[..6];
        using (var created = await admin.PostAsJsonAsync("/api/v1/admin/opds", new { code, name = "Dinas Kesehatan" }, Api.Json))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using (var again = await admin.PostAsJsonAsync("/api/v1/admin/opds", new { code, name = "Dinas Kesehatan" }, Api.Json))
            await Api.ExpectProblemAsync(again, HttpStatusCode.BadRequest, "invalid-request");

        var nip = "19800101" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var official = new
        {
            opdCode = code, kind = "official", name = "dr. Ratna Sari", nip, position = "Kepala Dinas Kesehatan",
            tokenLabel = "hsm-dinkes-kadis", keyLabel = "sign", certificatePem = Pem("kabid"),
        };
        using (var expired = await admin.PostAsJsonAsync("/api/v1/admin/signatories", official with { certificatePem = Pem("expired") }, Api.Json))
            Assert.Contains("expired", (await Api.ExpectProblemAsync(expired, HttpStatusCode.BadRequest, "invalid-request")).GetProperty("detail").GetString());
        using (var garbage = await admin.PostAsJsonAsync("/api/v1/admin/signatories", official with { certificatePem = "bukan sertifikat" }, Api.Json))
            await Api.ExpectProblemAsync(garbage, HttpStatusCode.BadRequest, "invalid-request");
        using (var noNip = await admin.PostAsJsonAsync("/api/v1/admin/signatories", official with { nip = "123" }, Api.Json))
            await Api.ExpectProblemAsync(noNip, HttpStatusCode.BadRequest, "invalid-request");
        using var registered = await admin.PostAsJsonAsync("/api/v1/admin/signatories", official, Api.Json);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var id = Guid.Parse(registered.Headers.Location!.OriginalString.Split('/')[^1]);

        var listed = await Signatory(admin, id);
        Assert.Equal("hsm-dinkes-kadis", listed.GetProperty("tokenLabel").GetString());
        Assert.Contains("CN=", listed.GetProperty("certificateSubject").GetString());
        Assert.True(listed.GetProperty("certificateNotAfter").GetDateTimeOffset() > DateTimeOffset.UtcNow);

        using (var renewed = await admin.PutAsJsonAsync($"/api/v1/admin/signatories/{id}",
                   new { tokenLabel = "hsm-dinkes-kadis-2", certificatePem = Pem("sekretaris"), active = false }, Api.Json))
            Assert.Equal(HttpStatusCode.NoContent, renewed.StatusCode);
        var changed = await Signatory(admin, id);
        Assert.Equal("hsm-dinkes-kadis-2", changed.GetProperty("tokenLabel").GetString());
        Assert.False(changed.GetProperty("active").GetBoolean());
        Assert.NotEqual(listed.GetProperty("certificateSubject").GetString(), changed.GetProperty("certificateSubject").GetString());
        Assert.True(await app.WithDb(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(
            db.AuditEvents, e => e.Action == "signatory.registered" && e.Details.Contains(id.ToString()))));
    }

    [Fact]
    public async Task The_officials_page_registers_an_e_seal_from_its_form_and_lists_it_with_its_token()
    {
        using var admin = await WebUi.LoginAsync(app, "admin");
        var token = "hsm-segel-" + Guid.NewGuid().ToString("N")[..6];
        var html = await admin.PostPageAsync("/admin/pejabat?handler=Daftar", new Dictionary<string, string>
        {
            ["opd"] = ServiceApp.DevOpdCode, ["kind"] = "eseal", ["name"] = "Segel Uji", ["position"] = "Segel Elektronik",
            ["token"] = token, ["key"] = "sign", ["certificate"] = Pem("eseal"),
        }, "/admin/pejabat");
        Assert.Contains("didaftarkan", html, StringComparison.Ordinal);
        Assert.Contains($"data-token=\"{token}\"", html, StringComparison.Ordinal);
        WebUi.AssertEveryPostFormHasAToken(html);

        // Switched off again from the change form: an active e-seal whose token cannot be opened makes /health 503.
        var id = await app.WithDb(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Signatories.Where(s => s.TokenLabel == token).Select(s => s.Id)));
        var changed = await admin.PostPageAsync("/admin/pejabat?handler=Ubah",
            new Dictionary<string, string> { ["id"] = id.ToString(), ["active"] = "tidak" }, "/admin/pejabat");
        Assert.Contains("diperbarui", changed, StringComparison.Ordinal);
        Assert.False(await app.WithDb(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Signatories.Where(s => s.Id == id).Select(s => s.Active))));
    }

    private static async Task<JsonElement> Signatory(HttpClient admin, Guid id) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/signatories", Api.Json)).EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == id);
}

[Collection(SqliteCollection.Name)]
public sealed class OrganisationAdminTestsOnSqlite(SqliteApp app) : OrganisationAdminTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OrganisationAdminTestsOnPostgres(PostgresApp app) : OrganisationAdminTests(app);
