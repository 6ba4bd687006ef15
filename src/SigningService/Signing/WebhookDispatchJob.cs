using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Quartz;
using SigningService.Data;
using SigningService.Domain;

namespace SigningService.Signing;

/// <summary>
/// Delivers due webhooks: POST of the JSON payload with headers X-Webhook-Id (the delivery id: receivers
/// de-duplicate on it), X-Webhook-Event and X-Webhook-Signature: sha256=HEX (HMAC-SHA256 of the body with
/// the client's secret). A 2xx answer is delivered; anything else is retried with exponential backoff
/// (30 s, 1 min, 2 min … capped at 6 h) until <see cref="DefaultMaxAttempts"/>, then it stays failed and can be
/// replayed through the API. Configuration: Webhooks:MaxAttempts and Webhooks:FirstBackoffSeconds.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class WebhookDispatchJob(
    SigningDbContext db, IHttpClientFactory http, WebhookSecrets secrets, TimeProvider clock, IConfiguration configuration,
    ILogger<WebhookDispatchJob> log) : IJob
{
    public const int DefaultMaxAttempts = 10;
    public const double DefaultFirstBackoffSeconds = 30;
    public static readonly JobKey Key = new("webhook-dispatch", "signing");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.WebhookDeliveries
            .Where(w => w.Status == WebhookStatus.Pending && w.NextAttemptAt <= now)
            .OrderBy(w => w.NextAttemptAt).Take(50).ToListAsync(ct);
        if (due.Count == 0)
            return;
        var clientIds = due.Select(w => w.IssuingClientId).Distinct().ToList();
        var secretsByClient = await db.IssuingClients.Where(c => clientIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.ProtectedWebhookSecret, ct);
        var client = http.CreateClient("webhooks");
        foreach (var delivery in due)
        {
            string secret;
            try
            {
                secret = secrets.Unprotect(secretsByClient[delivery.IssuingClientId]);
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or KeyNotFoundException)
            {
                // Not deliverable until an admin sets a new secret; the other deliveries of the batch go on.
                delivery.Status = WebhookStatus.Failed;
                delivery.LastError = "The client's webhook secret cannot be read (data-protection keys changed?): set a new secret.";
                continue;
            }
            await DeliverAsync(client, delivery, secret, ct);
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task DeliverAsync(HttpClient client, WebhookDelivery delivery, string secret, CancellationToken ct)
    {
        delivery.Attempts++;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
            {
                Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Webhook-Id", delivery.Id.ToString());
            request.Headers.Add("X-Webhook-Event", delivery.Event);
            request.Headers.Add("X-Webhook-Signature", "sha256=" + Sign(secret, delivery.Payload));
            using var response = await client.SendAsync(request, ct);
            delivery.LastStatusCode = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                delivery.Status = WebhookStatus.Delivered;
                delivery.DeliveredAt = clock.GetUtcNow();
                delivery.LastError = null;
                return;
            }
            delivery.LastError = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            delivery.LastError = e.Message.Length > 500 ? e.Message[..500] : e.Message;
        }
        if (delivery.Attempts >= MaxAttempts)
        {
            delivery.Status = WebhookStatus.Failed;
            LogGaveUp(delivery.Id, delivery.Url, delivery.Attempts, delivery.LastError);
            return;
        }
        var backoff = TimeSpan.FromSeconds(FirstBackoffSeconds * Math.Pow(2, Math.Min(delivery.Attempts - 1, 20)));
        delivery.NextAttemptAt = clock.GetUtcNow() + (backoff > MaxBackoff ? MaxBackoff : backoff);
    }

    private int MaxAttempts => Math.Max(1, configuration.GetValue<int?>("Webhooks:MaxAttempts") ?? DefaultMaxAttempts);

    private double FirstBackoffSeconds => Math.Max(0, configuration.GetValue<double?>("Webhooks:FirstBackoffSeconds") ?? DefaultFirstBackoffSeconds);

    public static string Sign(string secret, string payload) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload)));

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(6);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Id} to {Url} failed after {Attempts} attempts: {Error}")]
    private partial void LogGaveUp(Guid id, string url, int attempts, string? error);
}
