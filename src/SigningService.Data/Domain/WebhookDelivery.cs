namespace SigningService.Domain;

public enum WebhookStatus
{
    Pending = 0,
    Delivered = 1,
    Failed = 2,
}

/// <summary>
/// One notification to an issuing client's callback URL (document signed, rejected, revoked, failed),
/// written in the same transaction as the state change it reports (an outbox), then delivered with
/// retries and exponential backoff. After the last attempt it stays visible as failed and can be replayed.
/// </summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid DocumentId { get; init; }
    public Guid IssuingClientId { get; init; }
    public required string Event { get; init; }
    public required string Url { get; init; }
    public required string Payload { get; init; }
    public WebhookStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public string? LastError { get; set; }
    public int? LastStatusCode { get; set; }
}
