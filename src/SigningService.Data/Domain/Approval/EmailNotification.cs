namespace SigningService.Domain.Approval;

public enum NotificationStatus
{
    Pending = 0,
    Sent = 1,
    Failed = 2,
}

/// <summary>
/// An e-mail to send (outbox): written in the transaction of the change it reports, sent afterwards by the
/// dispatch job, retried with backoff, and kept as failed after the last attempt.
/// </summary>
public sealed class EmailNotification
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid? AccountId { get; init; }
    public required string To { get; init; }
    public required string Subject { get; init; }
    public required string Body { get; init; }

    /// <summary>What prompted it (inbox.arrived, inbox.digest), for the log and for tests.</summary>
    public required string Kind { get; init; }

    public Guid? DocumentId { get; init; }
    public NotificationStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
}
