using System.Text.Json;
using SigningService.Data;
using SigningService.Domain;

namespace SigningService.Signing;

/// <summary>
/// Adds a webhook delivery for a document event to the unit of work that makes the change, so the
/// notification exists exactly when the change does (transactional outbox).
/// </summary>
public static class WebhookOutbox
{
    public const string Signed = "document.signed";
    public const string Rejected = "document.rejected";
    public const string Revoked = "document.revoked";
    public const string Failed = "document.failed";

    public static void Enqueue(SigningDbContext db, Document document, string eventName, string verifyUrl, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(document.CallbackUrl))
        {
            return;
        }
        var id = Guid.CreateVersion7(now);
        var payload = JsonSerializer.Serialize(new
        {
            deliveryId = id,
            @event = eventName,
            occurredAt = now,
            document = new
            {
                id = document.Id,
                status = document.Status.Name(),
                number = document.Facts.Number,
                trackingCode = document.TrackingCode,
                verifyUrl,
                signedSha256 = document.SignedSha256,
                error = document.Status == DocumentStatus.Failed ? new { code = document.LastErrorCode, message = document.LastError } : null,
                revocationReason = document.RevocationReason,
                rejectionReason = document.RejectionReason,
            },
        }, JsonOptions);
        db.WebhookDeliveries.Add(new WebhookDelivery
        {
            Id = id,
            DocumentId = document.Id,
            IssuingClientId = document.IssuingClientId,
            Event = eventName,
            Url = document.CallbackUrl,
            Payload = payload,
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
