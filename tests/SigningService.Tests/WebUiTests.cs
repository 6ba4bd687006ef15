using SigningService.Domain.Approval;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Signing.Abstractions;
using SigningService.Accounts;
using SigningService.Approval;
using SigningService.Web;
using TestSupport;

namespace SigningService.Tests;

/// <summary>
/// The web UI over HTTP, as a browser without JavaScript: login in steps, enrolment of a signer's authenticator,
/// the boundaries between the UI's cookie and the API's credentials, PIN handling on the document page and in a
/// batch (plain POST and the streaming answer the page's script reads), and the admin pages that show a secret once.
/// </summary>
public abstract partial class WebUiTests(ServiceApp app)
{
    private const string Password = "Sandi-Awal-2026!";

    [Fact]
    public async Task A_signer_created_in_the_admin_pages_enrols_the_key_shown_once_and_then_logs_in_with_codes()
    {
        var userName = "kadis-cadangan-" + Guid.NewGuid().ToString("N")[..6];
        using var admin = await WebUi.LoginAsync(app, "admin");
        var form = await admin.PageAsync("/admin/akun");
        var kadisOfficial = Regex.Match(form, "<option value=\"([^\"]+)\">Budi Santoso").Groups[1].Value;
        var created = await admin.PostPageAsync("/admin/akun/Buat", [new("userName", userName), new("displayName", "Budi Santoso (cadangan)"),
            new("password", Password), new("roles", "signer"), new("signatoryId", kadisOfficial)], "/admin/akun");
        var handedOut = WebUi.Text(created, "kunci-autentikator")!;
        Assert.Contains("<svg class=\"qr\"", created, StringComparison.Ordinal);
        Assert.DoesNotContain(handedOut, await admin.PageAsync("/admin/akun"), StringComparison.Ordinal);

        using var ui = new WebUi(app.BrowserClient());

        using (var afterPassword = await ui.PostAsync("/masuk", [new("userName", userName), new("password", Password)], "/masuk"))
            Assert.Equal("/masuk/aktifkan-2fa?returnUrl=%2F", afterPassword.Headers.Location?.OriginalString);
        var page = await ui.PageAsync("/masuk/aktifkan-2fa");
        var key = WebUi.Text(page, "kunci")!.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        Assert.Equal(handedOut, key);
        Assert.StartsWith("otpauth://totp/SigningService:" + userName + "?secret=" + key, WebUi.Text(page, "uri-otpauth"), StringComparison.Ordinal);
        Assert.Contains("<svg class=\"qr\"", page, StringComparison.Ordinal);

        var wrong = await ui.PostPageAsync("/masuk/aktifkan-2fa", [new("code", "000000")], "/masuk/aktifkan-2fa");
        Assert.StartsWith("Kode salah", WebUi.Text(wrong, "pesan"), StringComparison.Ordinal);
        using (var enrolled = await ui.PostAsync("/masuk/aktifkan-2fa", [new("code", Totp.Code(key))], "/masuk/aktifkan-2fa"))
            Assert.Equal("/", enrolled.Headers.Location?.OriginalString);
        await ui.PageAsync("/kotak-masuk");

        // From now on: the code step, and the key is never shown again.
        using var again = await WebUi.LoginAsync(app, userName, Password, key);
        using var other = new WebUi(app.BrowserClient());
        using (var step = await other.PostAsync("/masuk", [new("userName", userName), new("password", Password)], "/masuk"))
            Assert.StartsWith("/masuk/2fa", step.Headers.Location?.OriginalString, StringComparison.Ordinal);
        using (var enrolPage = await other.Http.GetAsync("/masuk/aktifkan-2fa"))
            Assert.Equal(("/masuk", HttpStatusCode.Redirect), (enrolPage.Headers.Location?.OriginalString, enrolPage.StatusCode));
    }

    [Fact]
    public async Task The_session_cookie_never_reaches_the_api_and_api_credentials_never_open_a_page()
    {
        using var kadis = await WebUi.LoginAsync(app, "kadis");
        Assert.Contains(ServiceExtensionsBanner, await kadis.PageAsync("/kotak-masuk"), StringComparison.Ordinal);
        using (var inboxApi = await kadis.Http.GetAsync("/api/v1/inbox"))
            Assert.Equal(HttpStatusCode.Unauthorized, inboxApi.StatusCode);
        using (var documentsApi = await kadis.Http.GetAsync("/api/v1/documents"))
            Assert.Equal(HttpStatusCode.Unauthorized, documentsApi.StatusCode);

        using var bearer = await Inbox.LoginAsync(app, "kadis");
        using var apiKey = app.Client();
        foreach (var client in new[] { bearer, apiKey, app.Client(apiKey: null) })
        {
            using var page = await client.GetAsync("/kotak-masuk");
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/masuk", page.Headers.Location?.AbsolutePath, StringComparison.Ordinal);
        }

        // After login the person goes back to the page that sent them, never to another site.
        using var returning = new WebUi(app.BrowserClient());
        foreach (var (returnUrl, expected) in new[] { ("/riwayat", "%2Friwayat"), ("//evil.example/x", "%2F"), ("https://evil.example/", "%2F") })
        {
            using var step = await returning.PostAsync("/masuk",
                [new("userName", "kadis"), new("password", Inbox.Password), new("returnUrl", returnUrl)], "/masuk");
            Assert.Equal("/masuk/2fa?returnUrl=" + expected, step.Headers.Location?.OriginalString);
        }

        using (var noToken = await kadis.Http.PostAsync("/kotak-masuk/Setujui", new FormUrlEncodedContent([new("ids", Guid.NewGuid().ToString())])))
            Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        using var admin = await WebUi.LoginAsync(app, "admin");
        foreach (var path in new[] { "/admin/akun", "/admin/klien", "/admin/delegasi", "/admin/jenis-dokumen?ubah=demo-kadis-paraf" })
            WebUi.AssertEveryPostFormHasAToken(await admin.PageAsync(path));
        using (var forbidden = await kadis.Http.GetAsync("/admin/akun"))
            Assert.StartsWith("/masuk/ditolak", forbidden.Headers.Location?.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_pin_on_the_document_page_says_pin_salah_without_echoing_it_and_the_right_one_signs()
    {
        var document = await Inbox.SubmitAsync(app);
        using var kadis = await WebUi.LoginAsync(app, "kadis");
        var path = $"/dokumen/{document.Id}";
        var page = await kadis.PageAsync(path);
        WebUi.AssertEveryPostFormHasAToken(page);
        Assert.Matches("<input type=\"password\" name=\"pin\"[^>]*autocomplete=\"off\"", page);

        const string wrongPin = "582917";
        var refused = await kadis.PostPageAsync(path + "/Setujui", [new("pin", wrongPin)], path);
        Assert.StartsWith("PIN salah.", WebUi.Text(refused, "pesan-pin"), StringComparison.Ordinal);
        Assert.DoesNotContain(wrongPin, refused, StringComparison.Ordinal);
        Assert.Equal("pending_approval", Status(refused));

        var signed = await kadis.PostPageAsync(path + "/Setujui", [new("pin", Inbox.DevPin)], path);
        Assert.Contains($"data-id=\"{document.Id}\" data-outcome=\"signed\"", signed, StringComparison.Ordinal);
        Assert.Equal("signed", Status(signed));
        using var pdf = await kadis.Http.GetAsync(path + "/berkas?varian=ttd");
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        using var client = app.Client();
        Assert.Equal((await Api.GetAsync(client, document.Id)).SignedSha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
    }

    [Fact]
    public async Task A_batch_without_javascript_and_the_streamed_batch_each_report_every_document()
    {
        var first = await Inbox.SubmitAsync(app);
        var second = await Inbox.SubmitAsync(app);
        var third = await Inbox.SubmitAsync(app);
        using var kadis = await WebUi.LoginAsync(app, "kadis");

        var plain = await kadis.PostPageAsync("/kotak-masuk/Setujui",
            [new("ids", first.Id.ToString()), new("ids", second.Id.ToString()), new("pin", Inbox.DevPin)], "/kotak-masuk");
        Assert.Equal("Selesai: 2 berhasil, 0 gagal.", WebUi.Text(plain, "status-hasil"));
        Assert.Equal(2, Regex.Matches(plain, "data-outcome=\"signed\"").Count);

        // The stream: start, a line per document as it is done (one of them already decided), then done.
        var lines = (await kadis.PostPageAsync("/kotak-masuk/Bertahap",
                [new("ids", third.Id.ToString()), new("ids", first.Id.ToString()), new("pin", Inbox.DevPin)], "/kotak-masuk"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["start", "result", "result", "done"], lines.Select(l => l.GetProperty("type").GetString()));
        Assert.Equal(2, lines[0].GetProperty("total").GetInt32());
        var results = lines.Where(l => l.GetProperty("type").GetString() == "result").ToDictionary(l => l.GetProperty("id").GetGuid());
        Assert.Equal(("failed", "already-decided"), (results[first.Id].GetProperty("outcome").GetString(), results[first.Id].GetProperty("code").GetString()));
        Assert.Equal("signed", results[third.Id].GetProperty("outcome").GetString());
        Assert.Equal((1, 1), (lines[3].GetProperty("succeeded").GetInt32(), lines[3].GetProperty("failed").GetInt32()));

        var fourth = await Inbox.SubmitAsync(app);
        var wrong = await kadis.PostPageAsync("/kotak-masuk/Bertahap", [new("ids", fourth.Id.ToString()), new("pin", "582917")], "/kotak-masuk");
        var refused = wrong.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).Last();
        Assert.Equal(("refused", "pin-incorrect"), (refused.GetProperty("type").GetString(), refused.GetProperty("code").GetString()));
        Assert.StartsWith("PIN salah.", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("582917", wrong, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_inbox_filters_by_document_type_and_by_the_age_of_the_request()
    {
        var document = await Inbox.SubmitAsync(app);
        var item = $"data-id=\"{document.Id}\" data-action=\"sign\"";
        using var kadis = await WebUi.LoginAsync(app, "kadis");
        var filtered = await kadis.PageAsync($"/kotak-masuk?jenis={Sample.KadisType}&umur=baru");
        Assert.Contains(item, filtered, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{Sample.KadisType}\" selected=\"selected\">", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain(item, await kadis.PageAsync($"/kotak-masuk?jenis={Inbox.ParafType}"), StringComparison.Ordinal);
        Assert.DoesNotContain(item, await kadis.PageAsync("/kotak-masuk?umur=1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_sets_and_clears_a_types_paraf_chain_in_the_admin_pages()
    {
        var code = "ui-rantai-" + Guid.NewGuid().ToString("N")[..6];
        await app.WithDb(async db =>
        {
            var kadis = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Signatories, s => s.TokenLabel == "dev-kadis");
            db.DocumentTypes.Add(new Domain.DocumentType
            {
                OpdId = kadis.OpdId, Code = code, Name = "Rekomendasi uji", SignatureKind = Domain.SignatoryKind.Official, DefaultSignatoryId = kadis.Id,
            });
            await db.SaveChangesAsync();
        });
        using var admin = await WebUi.LoginAsync(app, "admin");
        WebUi.AssertEveryPostFormHasAToken(await admin.PageAsync($"/admin/jenis-dokumen?ubah={code}"));

        var set = await admin.PostPageAsync("/admin/jenis-dokumen/Rantai", [new("code", code),
            new("posisi", "Kepala Seksi Perizinan"), new("akun", "kasi"), new("posisi", "Kepala Bidang Perizinan"), new("akun", "kabid"),
            new("posisi", ""), new("akun", "")], "/admin/jenis-dokumen");
        Assert.Equal($"Paraf berjenjang {code} disimpan (2 langkah).", WebUi.Text(set, "berhasil"));
        Assert.Contains("Kepala Seksi Perizinan (kasi) → Kepala Bidang Perizinan (kabid)", WebUtility.HtmlDecode(set), StringComparison.Ordinal);
        var halfRow = await admin.PostPageAsync("/admin/jenis-dokumen/Rantai", [new("code", code), new("posisi", "Sekretaris"), new("akun", "")],
            "/admin/jenis-dokumen");
        Assert.Equal("Setiap langkah paraf memerlukan jabatan dan akun.", WebUi.Text(halfRow, "pesan"));

        var cleared = await admin.PostPageAsync("/admin/jenis-dokumen/Rantai", [new("code", code), new("posisi", ""), new("akun", "")], "/admin/jenis-dokumen");
        Assert.Equal($"Paraf berjenjang {code} dihapus.", WebUi.Text(cleared, "berhasil"));
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<ApprovalAdministration>().ParafChainAsync(code, CancellationToken.None));
    }

    [Fact]
    public async Task An_issuing_clients_api_key_is_shown_once_works_and_stops_working_when_revoked_in_the_admin_pages()
    {
        using var admin = await WebUi.LoginAsync(app, "admin");
        var name = "Aplikasi uji UI " + Guid.NewGuid().ToString("N")[..6];
        var created = await admin.PostPageAsync("/admin/klien/Buat", [new("name", name), new("opds", ServiceApp.DevOpdCode)], "/admin/klien");
        var key = WebUi.Text(created, "kunci-api")!;
        Assert.StartsWith("sk_", key, StringComparison.Ordinal);
        using (var works = await app.Client(key).GetAsync("/api/v1/documents"))
            Assert.Equal(HttpStatusCode.OK, works.StatusCode);

        var list = await admin.PageAsync("/admin/klien");
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
        Assert.Contains(key[..10] + "…", list, StringComparison.Ordinal);
        var id = Regex.Match(list, $"<tr data-id=\"([^\"]+)\" data-name=\"{Regex.Escape(name)}\"").Groups[1].Value;
        var revoked = await admin.PostPageAsync("/admin/klien/Cabut", [new("id", id)], "/admin/klien");
        Assert.StartsWith("Kunci API dicabut", WebUi.Text(revoked, "berhasil"), StringComparison.Ordinal);
        using (var refused = await app.Client(key).GetAsync("/api/v1/documents"))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Switching_an_account_off_in_the_admin_pages_ends_its_session_at_once()
    {
        var userName = "staf-ui-" + Guid.NewGuid().ToString("N")[..6];
        var id = await CreateParafStaffAsync(userName);
        using var staff = new WebUi(app.BrowserClient());
        using (var login = await staff.PostAsync("/masuk", [new("userName", userName), new("password", Password)], "/masuk"))
            Assert.Equal("/", login.Headers.Location?.OriginalString); // paraf staff without two-factor: the password is enough
        await staff.PageAsync("/kotak-masuk");

        using var admin = await WebUi.LoginAsync(app, "admin");
        var off = await admin.PostPageAsync("/admin/akun/Aktif", [new("id", id.ToString()), new("aktif", "false")], "/admin/akun");
        Assert.Equal("Akun dinonaktifkan.", WebUi.Text(off, "berhasil"));
        using var after = await staff.Http.GetAsync("/kotak-masuk");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/masuk", after.Headers.Location?.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_views_show_each_officials_certificate_and_each_types_paraf_chain()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<ApprovalAdministration>();
        var kadis = Assert.Single(await admin.SignatoriesAsync(CancellationToken.None), s => s.TokenLabel == "dev-kadis");
        Assert.Contains("CN=Budi Santoso", kadis.CertificateSubject, StringComparison.Ordinal);
        Assert.True(kadis.CertificateNotAfter > DateTimeOffset.UtcNow);
        var paraf = Assert.Single(await admin.DocumentTypesAsync(CancellationToken.None), t => t.Code == Inbox.ParafType);
        Assert.Equal(["kasi", "kabid", "sekretaris"], paraf.ParafChain.Select(s => s.UserName));
        Assert.Equal("Budi Santoso", paraf.DefaultSignatory);
        Assert.Contains(await admin.OpdsAsync(CancellationToken.None), o => o.Code == ServiceApp.DevOpdCode && o.Officials >= 3);

        using var ui = await WebUi.LoginAsync(app, "admin");
        var officials = await ui.PageAsync("/admin/pejabat");
        Assert.Contains(System.Net.WebUtility.HtmlEncode(kadis.CertificateSubject), officials, StringComparison.Ordinal);
        Assert.Contains("<code>dev-kadis</code>", officials, StringComparison.Ordinal);
        var types = await ui.PageAsync("/admin/jenis-dokumen");
        Assert.Contains("Kepala Seksi Perizinan (kasi) → Kepala Bidang Perizinan (kabid) → Sekretaris (sekretaris)", WebUtility.HtmlDecode(types), StringComparison.Ordinal);
    }

    [Fact]
    public void A_locked_pin_tells_the_official_to_ask_for_an_unlock_and_a_wrong_one_gives_the_tries_left_when_known()
    {
        var locked = UiText.KeyAccess(new KeyAccessException(ErrorCodes.PinLocked, "locked") { TriesLeft = 0 });
        Assert.StartsWith("PIN terkunci.", locked, StringComparison.Ordinal);
        Assert.Contains("hubungi admin/security officer untuk membuka blokir", locked, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Sisa percobaan: 1.", UiText.KeyAccess(new KeyAccessException(ErrorCodes.PinIncorrect, "wrong") { TriesLeft = 1 }), StringComparison.Ordinal);
        Assert.DoesNotContain("Sisa percobaan", UiText.KeyAccess(new KeyAccessException(ErrorCodes.PinIncorrect, "wrong")), StringComparison.Ordinal);
    }

    private const string ServiceExtensionsBanner = "MODE PENGEMBANGAN (DEV)";

    private static string? Status(string html) => StatusPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Paraf staff without two-factor login (allowed for anyone who does not sign), made through the service.</summary>
    private async Task<Guid> CreateParafStaffAsync(string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().CreateAsync("admin", new AccountRequest(
            userName, "Akun uji " + userName, null, Password, ["paraf"], null, ServiceApp.DevOpdCode, "Analis Perizinan", true), CancellationToken.None);
        return created.Account.Id;
    }

    [GeneratedRegex("id=\"status\" data-status=\"([a-z_]+)\"")]
    private static partial Regex StatusPattern();
}

[Collection(SqliteCollection.Name)]
public sealed class WebUiTestsOnSqlite(SqliteApp app) : WebUiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class WebUiTestsOnPostgres(PostgresApp app) : WebUiTests(app);
