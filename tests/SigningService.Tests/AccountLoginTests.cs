using SigningService.Domain.Approval;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TestSupport;

namespace SigningService.Tests;

/// <summary>Login with password and TOTP (RFC 6238); signers must have two-factor login; enrolment.</summary>
public abstract class AccountLoginTests(ServiceApp app)
{
    [Fact]
    public async Task Password_and_totp_give_a_short_lived_bearer_token_and_a_wrong_or_missing_code_is_refused()
    {
        using var ok = await Inbox.PostLoginAsync(app, "kadis");
        var token = JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("Bearer", token.GetProperty("tokenType").GetString());
        Assert.InRange(token.GetProperty("expiresIn").GetInt32(), 60, 1800);
        using var kadis = app.Client(token.GetProperty("accessToken").GetString());
        var me = await kadis.GetFromJsonAsync<JsonElement>("/api/v1/auth/me", Api.Json);
        Assert.Equal("kadis", me.GetProperty("userName").GetString());
        Assert.Contains("signer", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        await Inbox.ListAsync(kadis);

        var wrongCode = Totp.Code(Inbox.TotpSecret, DateTimeOffset.UtcNow.AddHours(-1));
        using (var wrong = await Inbox.PostLoginAsync(app, "kadis", totp: wrongCode))
            await Api.ExpectProblemAsync(wrong, HttpStatusCode.Unauthorized, "login-failed");
        using (var missing = await Inbox.PostLoginAsync(app, "kadis", withTotp: false))
            await Api.ExpectProblemAsync(missing, HttpStatusCode.Unauthorized, "two-factor-required");
        using (var badPassword = await Inbox.PostLoginAsync(app, "kadis", password: "Salah-Sandi-2026!"))
            await Api.ExpectProblemAsync(badPassword, HttpStatusCode.Unauthorized, "login-failed");
        using (var nobody = await Inbox.PostLoginAsync(app, "tidak-ada"))
            await Api.ExpectProblemAsync(nobody, HttpStatusCode.Unauthorized, "login-failed");
    }

    [Fact]
    public async Task A_signer_without_two_factor_is_refused_until_enrolled_while_paraf_staff_may_use_a_password_alone()
    {
        using var admin = await Inbox.LoginAsync(app, "admin");
        var signatories = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/signatories", Api.Json);
        var kabid = signatories.EnumerateArray().Single(s => s.GetProperty("tokenLabel").GetString() == "dev-kabid").GetProperty("id").GetGuid();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        const string password = "Sandi-Awal-2026!";

        using var created = await admin.PostAsJsonAsync("/api/v1/admin/accounts", new
        {
            userName = "kabid2-" + suffix, displayName = "Agus Prasetyo (cadangan)", email = $"kabid2-{suffix}@example.go.id", password,
            roles = new[] { "signer" }, signatoryId = kabid,
        }, Api.Json);
        var secrets = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = secrets.GetProperty("authenticatorKey").GetString()!;
        Assert.StartsWith("otpauth://totp/", secrets.GetProperty("authenticatorUri").GetString(), StringComparison.Ordinal);
        Assert.False(secrets.GetProperty("account").GetProperty("twoFactorEnabled").GetBoolean());

        using (var refused = await Inbox.PostLoginAsync(app, "kabid2-" + suffix, password, Totp.Code(key)))
        {
            var problem = await Api.ExpectProblemAsync(refused, HttpStatusCode.Forbidden, "two-factor-required");
            Assert.False(problem.GetProperty("enrolled").GetBoolean());
        }
        using (var badEnrol = await app.Client(apiKey: null).PostAsJsonAsync("/api/v1/auth/two-factor",
                   new { userName = "kabid2-" + suffix, password, totpCode = "000000" }, Api.Json))
            await Api.ExpectProblemAsync(badEnrol, HttpStatusCode.Unauthorized, "login-failed");
        using (var enrol = await app.Client(apiKey: null).PostAsJsonAsync("/api/v1/auth/two-factor",
                   new { userName = "kabid2-" + suffix, password, totpCode = Totp.Code(key) }, Api.Json))
            Assert.Equal(HttpStatusCode.NoContent, enrol.StatusCode);
        using var signer = await Inbox.LoginAsync(app, "kabid2-" + suffix, password, key);
        await Inbox.ListAsync(signer);

        using (var staff = await admin.PostAsJsonAsync("/api/v1/admin/accounts", new
               {
                   userName = "staf-" + suffix, displayName = "Staf Perizinan", password, roles = new[] { "paraf" }, opdCode = "dpmptsp",
                   position = "Analis Perizinan",
               }, Api.Json))
            Assert.Equal(HttpStatusCode.Created, staff.StatusCode);
        using var passwordOnly = await Inbox.PostLoginAsync(app, "staf-" + suffix, password, withTotp: false);
        Assert.Equal(HttpStatusCode.OK, passwordOnly.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AccountLoginTestsOnSqlite(SqliteApp app) : AccountLoginTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AccountLoginTestsOnPostgres(PostgresApp app) : AccountLoginTests(app);
