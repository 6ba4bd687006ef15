using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using SigningService.Api;
using SigningService.Extensions;
using TestSupport;

namespace SigningService.Tests;

/// <summary>Webhooks to the client's callbackUrl: signed with its secret, retried, failed, replayed.</summary>
public abstract class WebhookTests(ServiceApp app)
{
    [Fact]
    public async Task The_callback_url_receives_document_signed_with_an_hmac_signature_that_verifies_with_the_clients_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var client = app.Client();
        var document = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata(callbackUrl: receiver.Url("/hooks/perizinan")));
        var signed = await Api.WaitForStatusAsync(client, document.Id, "signed");

        var hook = (await receiver.WaitForAsync(r => r.Event == "document.signed" && r.DocumentId == document.Id.ToString())).Single();
        Assert.Equal("/hooks/perizinan", hook.Path);
        Assert.Equal("sha256=" + HmacHex(DevSeedExtensions.DevWebhookSecret, hook.Body), hook.Signature);
        Assert.NotEqual("sha256=" + HmacHex("another-secret", hook.Body), hook.Signature);
        Assert.True(Guid.TryParse(hook.Id, out var deliveryId), $"X-Webhook-Id '{hook.Id}' is the delivery id");
        var payload = hook.Payload;
        Assert.Equal(deliveryId, payload.GetProperty("deliveryId").GetGuid());
        Assert.Equal("document.signed", payload.GetProperty("event").GetString());
        var body = payload.GetProperty("document");
        Assert.Equal("signed", body.GetProperty("status").GetString());
        Assert.Equal(document.VerifyUrl, body.GetProperty("verifyUrl").GetString());
        Assert.Equal(document.TrackingCode, body.GetProperty("trackingCode").GetString());
        Assert.Equal(signed.SignedSha256, body.GetProperty("signedSha256").GetString());

        // The job records the outcome after the receiver answered: wait for it.
        var delivery = await WaitForDeliveryAsync(client, "status=delivered", document.Id);
        Assert.Equal((deliveryId, 1, 200), (delivery.Id, delivery.Attempts, delivery.LastStatusCode));
        Assert.Single(await DeliveriesAsync(client, $"documentId={document.Id}"));
        Assert.NotNull(delivery.DeliveredAt);

        // Revoking notifies too, as its own delivery.
        using (var revoke = await Api.RevokeAsync(client, document.Id, "Salah nomor"))
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        var revoked = (await receiver.WaitForAsync(r => r.Event == "document.revoked" && r.DocumentId == document.Id.ToString())).Single();
        Assert.Equal("sha256=" + HmacHex(DevSeedExtensions.DevWebhookSecret, revoked.Body), revoked.Signature);
        Assert.Equal("Salah nomor", revoked.Payload.GetProperty("document").GetProperty("revocationReason").GetString());
        Assert.NotEqual(hook.Id, revoked.Id);
    }

    [Fact]
    public async Task A_receiver_answering_500_gets_retries_until_the_delivery_is_failed_and_a_replay_delivers_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.StatusCode = 500;
        var tenant = await app.CreateIssuingClientAsync("Aplikasi dengan webhook rusak");
        using var client = app.Client(tenant.ApiKey);
        var document = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata(callbackUrl: receiver.Url("/hooks/rusak")));
        await Api.WaitForStatusAsync(client, document.Id, "signed");

        var failed = await WaitForDeliveryAsync(client, "status=failed", document.Id);
        Assert.Equal(ServiceApp.WebhookMaxAttempts, failed.Attempts);
        Assert.Equal(500, failed.LastStatusCode);
        Assert.Contains("500", failed.LastError, StringComparison.Ordinal);
        Assert.Null(failed.NextAttemptAt);
        var attempts = receiver.Received.Where(r => r.Id == failed.Id.ToString()).ToList();
        Assert.Equal(ServiceApp.WebhookMaxAttempts, attempts.Count);
        Assert.All(attempts, a => Assert.Equal("sha256=" + HmacHex(tenant.WebhookSecret, a.Body), a.Signature));
        Assert.Single(attempts.Select(a => a.Body).Distinct()); // a retry sends the same body

        // Another client can neither see nor replay it.
        var stranger = await app.CreateIssuingClientAsync("Aplikasi lain");
        using var other = app.Client(stranger.ApiKey);
        Assert.Empty(await DeliveriesAsync(other, $"documentId={document.Id}"));
        using (var foreign = await other.PostAsync($"/api/v1/webhooks/{failed.Id}/replay", null))
            await Api.ExpectProblemAsync(foreign, HttpStatusCode.NotFound, "not-found");

        receiver.StatusCode = 204;
        using var replay = await client.PostAsync($"/api/v1/webhooks/{failed.Id}/replay", null);
        var replayed = await replay.Content.ReadFromJsonAsync<WebhookDeliveryView>(Api.Json);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(("pending", 0), (replayed!.Status, replayed.Attempts));

        await receiver.WaitForAsync(r => r.Id == failed.Id.ToString(), count: ServiceApp.WebhookMaxAttempts + 1);
        var delivered = await WaitForDeliveryAsync(client, "status=delivered", document.Id);
        Assert.Equal((failed.Id, 1, 204), (delivered.Id, delivered.Attempts, delivered.LastStatusCode));
        Assert.Empty(await DeliveriesAsync(client, "status=failed"));
    }

    [Fact]
    public async Task A_callback_url_where_nobody_listens_fails_after_the_attempts_with_the_connection_error_recorded()
    {
        var tenant = await app.CreateIssuingClientAsync("Aplikasi luring");
        using var client = app.Client(tenant.ApiKey);
        var url = $"http://127.0.0.1:{LoopbackPorts.Closed()}/hooks";
        var document = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata(callbackUrl: url));
        await Api.WaitForStatusAsync(client, document.Id, "signed");

        var failed = await WaitForDeliveryAsync(client, "status=failed", document.Id);
        Assert.Equal(url, failed.Url);
        Assert.Equal(ServiceApp.WebhookMaxAttempts, failed.Attempts);
        Assert.Null(failed.LastStatusCode);
        Assert.False(string.IsNullOrWhiteSpace(failed.LastError));

        using var bad = await client.GetAsync("/api/v1/webhooks?status=lost");
        await Api.ExpectProblemAsync(bad, HttpStatusCode.BadRequest, "invalid-request");
    }

    private static string HmacHex(string secret, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private static async Task<List<WebhookDeliveryView>> DeliveriesAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/v1/webhooks?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<WebhookDeliveryView>>(Api.Json))!;
    }

    private static async Task<WebhookDeliveryView> WaitForDeliveryAsync(HttpClient client, string query, Guid documentId)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var found = (await DeliveriesAsync(client, $"{query}&documentId={documentId}")).SingleOrDefault();
            if (found is not null)
                return found;
            if (watch.Elapsed > TimeSpan.FromSeconds(60))
                Assert.Fail($"no delivery for {documentId} with {query} after {watch.Elapsed}: " +
                            string.Join("; ", (await DeliveriesAsync(client, $"documentId={documentId}")).Select(d => $"{d.Status} x{d.Attempts} {d.LastError}")));
            await Task.Delay(200);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WebhookTestsOnSqlite(SqliteApp app) : WebhookTests(app);

[Collection(PostgresCollection.Name)]
public sealed class WebhookTestsOnPostgres(PostgresApp app) : WebhookTests(app);
