using SigningService.Domain.Approval;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SigningService.Api;
using SigningService.Approval;
using SigningService.Options;
using TestSupport;

namespace SigningService.Tests;

/// <summary>The inbox as the tests use it: dev seed accounts, login with password and TOTP, and the inbox calls.</summary>
public static class Inbox
{
    public const string Password = DevSeedOptions.DefaultOfficialPassword;
    public const string TotpSecret = DevSeedOptions.DefaultTotpSecret;
    public const string DevPin = "123456";
    public const string ParafType = "demo-kadis-paraf";

    public static Task<HttpResponseMessage> PostLoginAsync(ServiceApp app, string userName, string? password = Password, string? totp = null, bool withTotp = true) =>
        app.Client(apiKey: null).PostAsJsonAsync("/api/v1/auth/login",
            new { userName, password, totpCode = withTotp ? totp ?? Totp.Code(TotpSecret) : null }, Api.Json);

    /// <summary>Logs in with password and TOTP and returns a client carrying the account's bearer token.</summary>
    public static async Task<HttpClient> LoginAsync(ServiceApp app, string userName, string password = Password, string secret = TotpSecret)
    {
        using var response = await PostLoginAsync(app, userName, password, Totp.Code(secret));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"login of {userName}: {(int)response.StatusCode} {body}");
        var token = JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString();
        return app.Client(token);
    }

    public static async Task<InboxPage> ListAsync(HttpClient client, string query = "")
    {
        using var response = await client.GetAsync("/api/v1/inbox" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"inbox: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<InboxPage>(body, Api.Json)!;
    }

    public static Task<HttpResponseMessage> ApproveAsync(HttpClient client, Guid id, string? pin = null) =>
        client.PostAsJsonAsync($"/api/v1/inbox/{id}/approve", new { pin }, Api.Json);

    /// <summary>Approves and insists on 200; returns the result.</summary>
    public static async Task<ApprovalResult> ApproveOkAsync(HttpClient client, Guid id, string? pin = null)
    {
        using var response = await ApproveAsync(client, id, pin);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"approve {id}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<ApprovalResult>(body, Api.Json)!;
    }

    public static async Task<BatchApproveResponse> BatchOkAsync(HttpClient client, IEnumerable<Guid> ids, string pin)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/inbox/batch-approve", new { ids, pin }, Api.Json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"batch: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<BatchApproveResponse>(body, Api.Json)!;
    }

    public static Task<HttpResponseMessage> RejectAsync(HttpClient client, Guid id, string? reason) =>
        client.PostAsJsonAsync($"/api/v1/inbox/{id}/reject", new { reason }, Api.Json);

    /// <summary>A document for an official (B-B: the in-memory test server has no TSA to reach), submitted by the dev client.</summary>
    public static async Task<DocumentView> SubmitAsync(ServiceApp app, string type = Sample.KadisType, string? callbackUrl = null, string? signerNip = null)
    {
        using var client = app.Client();
        return await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata(type, callbackUrl) with { Level = "B-B", Signer = signerNip });
    }
}
