using System.Net;
using System.Net.Http.Json;

namespace SigningService.Tests;

/// <summary>Who may reach what: a signer sees only their own documents; API keys and account tokens stay in their own APIs.</summary>
public abstract class InboxAccessTests(ServiceApp app)
{
    [Fact]
    public async Task A_signer_cannot_list_open_download_approve_or_reject_another_officials_document()
    {
        var document = await Inbox.SubmitAsync(app); // addressed to the Kepala Dinas
        using var sekretaris = await Inbox.LoginAsync(app, "sekretaris");

        Assert.DoesNotContain((await Inbox.ListAsync(sekretaris)).Items, i => i.Id == document.Id);
        foreach (var id in new[] { document.Id, Guid.NewGuid() }) // someone else's and one that does not exist answer alike
        {
            using (var open = await sekretaris.GetAsync($"/api/v1/inbox/{id}"))
                await Api.ExpectProblemAsync(open, HttpStatusCode.NotFound, "not-your-document");
            using (var file = await sekretaris.GetAsync($"/api/v1/inbox/{id}/file"))
                await Api.ExpectProblemAsync(file, HttpStatusCode.NotFound, "not-your-document");
            using (var approve = await Inbox.ApproveAsync(sekretaris, id, Inbox.DevPin))
                await Api.ExpectProblemAsync(approve, HttpStatusCode.NotFound, "not-your-document");
            using (var reject = await Inbox.RejectAsync(sekretaris, id, "Bukan dokumen saya"))
                await Api.ExpectProblemAsync(reject, HttpStatusCode.NotFound, "not-your-document");
        }
        var batch = await Inbox.BatchOkAsync(sekretaris, [document.Id], Inbox.DevPin);
        Assert.Equal("not-your-document", Assert.Single(batch.Results).Code);

        using var client = app.Client();
        Assert.Equal("pending_approval", (await Api.GetAsync(client, document.Id)).Status);
        using var kadis = await Inbox.LoginAsync(app, "kadis");
        using var own = await kadis.GetAsync($"/api/v1/inbox/{document.Id}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var pdf = await kadis.GetAsync($"/api/v1/inbox/{document.Id}/file");
        Assert.Equal(Sample.Permit, await pdf.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_issuing_client_api_key_cannot_reach_the_inbox_or_admin_and_an_account_token_cannot_reach_the_documents_api()
    {
        var document = await Inbox.SubmitAsync(app);
        using var apiKey = app.Client();
        using (var list = await apiKey.GetAsync("/api/v1/inbox"))
            await Api.ExpectProblemAsync(list, HttpStatusCode.Unauthorized, "unauthorized");
        using (var approve = await Inbox.ApproveAsync(apiKey, document.Id, Inbox.DevPin))
            await Api.ExpectProblemAsync(approve, HttpStatusCode.Unauthorized, "unauthorized");
        using (var admin = await apiKey.GetAsync("/api/v1/admin/accounts"))
            await Api.ExpectProblemAsync(admin, HttpStatusCode.Unauthorized, "unauthorized");

        using var kadis = await Inbox.LoginAsync(app, "kadis");
        using (var documents = await kadis.GetAsync("/api/v1/documents"))
            await Api.ExpectProblemAsync(documents, HttpStatusCode.Unauthorized, "unauthorized");
        using (var one = await kadis.GetAsync($"/api/v1/documents/{document.Id}"))
            await Api.ExpectProblemAsync(one, HttpStatusCode.Unauthorized, "unauthorized");
        using (var submit = await Api.SubmitAsync(kadis, Sample.Permit, Sample.Metadata(Sample.KadisType)))
            await Api.ExpectProblemAsync(submit, HttpStatusCode.Unauthorized, "unauthorized");

        using var kasi = await Inbox.LoginAsync(app, "kasi");
        using (var notAdmin = await kasi.GetAsync("/api/v1/admin/accounts"))
            await Api.ExpectProblemAsync(notAdmin, HttpStatusCode.Forbidden, "forbidden");
        using (var anonymous = await app.Client(apiKey: null).GetAsync("/api/v1/inbox"))
            await Api.ExpectProblemAsync(anonymous, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task An_admin_switching_an_account_off_ends_its_token_at_once()
    {
        using var admin = await Inbox.LoginAsync(app, "admin");
        var suffix = Guid.NewGuid().ToString("N")[..6];
        using var created = await admin.PostAsJsonAsync("/api/v1/admin/accounts", new
        {
            userName = "paraf-" + suffix, displayName = "Staf " + suffix, password = "Sandi-Awal-2026!", roles = new[] { "paraf" }, opdCode = "dpmptsp",
        }, Api.Json);
        var account = (await created.Content.ReadFromJsonAsync<SigningService.Accounts.AccountSecrets>(Api.Json))!.Account;
        using var staffLogin = await Inbox.PostLoginAsync(app, "paraf-" + suffix, "Sandi-Awal-2026!", withTotp: false);
        var token = System.Text.Json.JsonDocument.Parse(await staffLogin.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString();
        using var staff = app.Client(token);
        await Inbox.ListAsync(staff);

        using (var off = await admin.PutAsJsonAsync($"/api/v1/admin/accounts/{account.Id}", new { active = false }, Api.Json))
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        using (var refused = await staff.GetAsync("/api/v1/inbox"))
            await Api.ExpectProblemAsync(refused, HttpStatusCode.Unauthorized, "unauthorized");
        using (var login = await Inbox.PostLoginAsync(app, "paraf-" + suffix, "Sandi-Awal-2026!", withTotp: false))
            await Api.ExpectProblemAsync(login, HttpStatusCode.Unauthorized, "login-failed");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_login_inbox_and_admin_endpoints()
    {
        var json = await app.Client(apiKey: null).GetStringAsync("/openapi/v1.json");
        var paths = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/auth/login", "/api/v1/inbox", "/api/v1/inbox/{id}/approve", "/api/v1/inbox/batch-approve",
                     "/api/v1/inbox/{id}/reject", "/api/v1/inbox/history", "/api/v1/admin/delegations", "/api/v1/admin/accounts" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the OpenAPI document");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InboxAccessTestsOnSqlite(SqliteApp app) : InboxAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class InboxAccessTestsOnPostgres(PostgresApp app) : InboxAccessTests(app);
