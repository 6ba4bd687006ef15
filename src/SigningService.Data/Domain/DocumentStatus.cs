namespace SigningService.Domain;

/// <summary>Where a document is in its life. The API spells these in snake_case (<see cref="DocumentStatuses.Name"/>).</summary>
public enum DocumentStatus
{
    /// <summary>Waiting for the signing worker (e-seal, or approved by its signer).</summary>
    Queued = 0,

    /// <summary>Claimed by a worker that holds a lease on it; a lease that runs out puts it back in the queue.</summary>
    Signing = 1,

    /// <summary>Waiting for the official's approval and PIN (the approval inbox).</summary>
    PendingApproval = 2,

    Signed = 3,
    Rejected = 4,
    Revoked = 5,

    /// <summary>Every automatic attempt failed; the error is recorded and a retry puts it back in the queue.</summary>
    Failed = 6,

    /// <summary>Waiting for the paraf chain of its type (Kasi → Kabid → …) before it reaches its signer.</summary>
    PendingParaf = 7,
}

public static class DocumentStatuses
{
    public static string Name(this DocumentStatus status) => status switch
    {
        DocumentStatus.Queued => "queued",
        DocumentStatus.Signing => "signing",
        DocumentStatus.PendingApproval => "pending_approval",
        DocumentStatus.Signed => "signed",
        DocumentStatus.Rejected => "rejected",
        DocumentStatus.Revoked => "revoked",
        DocumentStatus.Failed => "failed",
        DocumentStatus.PendingParaf => "pending_paraf",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParse(string? text, out DocumentStatus status)
    {
        foreach (var candidate in Enum.GetValues<DocumentStatus>())
        {
            if (string.Equals(candidate.Name(), text, StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }
}
