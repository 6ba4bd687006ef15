using System.Security.Cryptography;
using SigningService.Domain.Approval;

namespace SigningService.Domain;

/// <summary>
/// A document to be signed and issued: the aggregate of the workflow. State changes only through the
/// methods below, each of which checks the transition is allowed and records it in <see cref="History"/>;
/// callers add the matching audit event in the same transaction.
/// </summary>
public sealed class Document
{
    private Document()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The id in the QR URL: 128 random bits, base32 without padding (26 characters).</summary>
    public string PublicId { get; private set; } = "";

    /// <summary>What a citizen types to follow the request: short, unambiguous, not guessable in bulk.</summary>
    public string TrackingCode { get; private set; } = "";

    public Guid IssuingClientId { get; private set; }
    public Guid OpdId { get; private set; }
    public Guid DocumentTypeId { get; private set; }
    public Guid SignatoryId { get; private set; }

    /// <summary>Client's Idempotency-Key header (unique per client) and the SHA-256 of what was sent with it.</summary>
    public string? IdempotencyKey { get; private set; }
    public string RequestHash { get; private set; } = "";

    public DocumentFacts Facts { get; private set; } = new();

    /// <summary>Stamp placement and level as asked for (JSON of <see cref="SigningInstructions"/>).</summary>
    public SigningInstructions Instructions { get; private set; } = new();

    public string? CallbackUrl { get; private set; }

    public string OriginalSha256 { get; private set; } = "";
    public long OriginalLength { get; private set; }
    public string? SignedSha256 { get; private set; }

    /// <summary>Blob of the signed PDF; named per attempt so a late worker can never overwrite the recorded one.</summary>
    public string? SignedBlobKey { get; private set; }
    public long? SignedLength { get; private set; }

    public DocumentStatus Status { get; private set; }

    /// <summary>When the document type's SLA runs out, in working time from submission (null: no SLA).</summary>
    public DateTimeOffset? DueAt { get; private set; }

    /// <summary>Last SLA state the sweep recorded; only ever moves forward (on time → at risk → overdue).</summary>
    public Sla.SlaState SlaState { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? SignedAt { get; private set; }

    /// <summary>Jabatan and name printed on the stamp at signing time (kept: positions change).</summary>
    public string? SignedByName { get; private set; }
    public string? SignedByPosition { get; private set; }
    public string? SignatureLevel { get; private set; }

    /// <summary>The time-stamping authority of the signature time-stamp (B-T and above).</summary>
    public string? TimestampAuthority { get; private set; }

    /// <summary>
    /// B-LTA: when the certificate of the TSA of the newest document time-stamp expires, before which the
    /// archive time-stamp must be renewed (EN 319 142-1 §5.5). Null below B-LTA.
    /// </summary>
    public DateTimeOffset? ArchiveExpiresAt { get; private set; }

    /// <summary>When the archive time-stamp was last renewed (the signed PDF then grew by appended updates).</summary>
    public DateTimeOffset? ArchiveRenewedAt { get; private set; }

    public int Attempts { get; private set; }
    public DateTimeOffset? NextAttemptAt { get; private set; }
    public DateTimeOffset? LeaseUntil { get; private set; }
    public string? LastErrorCode { get; private set; }
    public string? LastError { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }
    public string? RevocationReason { get; private set; }

    /// <summary>The public id of the document that replaces this one (revoked as superseded), if any.</summary>
    public string? SupersededByPublicId { get; private set; }

    /// <summary>Steps of the type's paraf chain done so far (the next one is this + 1).</summary>
    public int ParafCompleted { get; private set; }

    public DateTimeOffset? RejectedAt { get; private set; }
    public string? RejectionReason { get; private set; }
    public Guid? RejectedByAccountId { get; private set; }

    /// <summary>The Plh/Plt order this document was signed under, if any (shown on the verification page).</summary>
    public Guid? DelegationId { get; private set; }
    public DelegationKind? DelegationKind { get; private set; }
    public string? DelegationBasis { get; private set; }

    /// <summary>The "a.n." line printed above the signer's jabatan, e.g. "a.n. Kepala Dinas".</summary>
    public string? SignedOnBehalfOf { get; private set; }

    /// <summary>Optimistic concurrency: two workers cannot both move the same document.</summary>
    public Guid Version { get; private set; }

    public List<DocumentStateChange> History { get; private set; } = [];

    public static Document Submit(
        Guid issuingClientId, DocumentType type, Signatory signatory, DocumentFacts facts, SigningInstructions instructions,
        string? callbackUrl, string? idempotencyKey, string requestHash, string originalSha256, long originalLength,
        DateTimeOffset now, DateTimeOffset? dueAt = null, bool needsParaf = false)
    {
        var document = new Document
        {
            Id = Guid.CreateVersion7(now),
            PublicId = PublicIds.NewPublicId(),
            TrackingCode = PublicIds.NewTrackingCode(),
            IssuingClientId = issuingClientId,
            OpdId = type.OpdId,
            DocumentTypeId = type.Id,
            SignatoryId = signatory.Id,
            Facts = facts,
            Instructions = instructions,
            CallbackUrl = callbackUrl,
            IdempotencyKey = idempotencyKey,
            RequestHash = requestHash,
            OriginalSha256 = originalSha256,
            OriginalLength = originalLength,
            CreatedAt = now,
            UpdatedAt = now,
            Version = Guid.NewGuid(),
            DueAt = dueAt?.ToUniversalTime(), // PostgreSQL keeps timestamptz in UTC only
        };
        var first = signatory.Kind == SignatoryKind.ESeal ? DocumentStatus.Queued
            : needsParaf ? DocumentStatus.PendingParaf
            : DocumentStatus.PendingApproval;
        document.MoveTo(first, now, "issuing-client", "received");
        if (first == DocumentStatus.Queued)
        {
            document.NextAttemptAt = now;
        }
        return document;
    }

    /// <summary>A worker takes the document for <paramref name="lease"/>; a crash lets the lease run out.</summary>
    public void Claim(DateTimeOffset now, TimeSpan lease)
    {
        var expiredLease = Status == DocumentStatus.Signing && LeaseUntil <= now;
        Require(Status == DocumentStatus.Queued || expiredLease, "claim");
        if (expiredLease)
        {
            History.Add(new DocumentStateChange(now, Status, DocumentStatus.Queued, "worker", "lease expired"));
            Status = DocumentStatus.Queued;
        }
        Attempts++;
        LeaseUntil = now + lease;
        NextAttemptAt = LeaseUntil; // should this attempt never report back
        MoveTo(DocumentStatus.Signing, now, "worker", $"attempt {Attempts}");
    }

    public void MarkSigned(SignedOutcome outcome, DateTimeOffset now)
    {
        Require(Status == DocumentStatus.Signing, "mark signed");
        ApplySigned(outcome);
        LeaseUntil = null;
        NextAttemptAt = null;
        LastError = null;
        LastErrorCode = null;
        MoveTo(DocumentStatus.Signed, now, "worker", null);
    }

    /// <summary>
    /// Paraf step <paramref name="step"/> of <paramref name="chainLength"/> is done. Steps go strictly in
    /// order; after the last one the document waits for its signer.
    /// </summary>
    public void RecordParaf(int step, int chainLength, DateTimeOffset now, string actor)
    {
        Require(Status == DocumentStatus.PendingParaf, "receive a paraf");
        if (step != ParafCompleted + 1 || step > chainLength)
        {
            throw new InvalidTransitionException(Status, $"receive paraf {step} (the next one is {ParafCompleted + 1} of {chainLength})");
        }
        ParafCompleted = step;
        MoveTo(step == chainLength ? DocumentStatus.PendingApproval : DocumentStatus.PendingParaf, now, actor, $"paraf {step}/{chainLength}");
    }

    /// <summary>Refused by a paraf holder or the signer; the reason goes to the issuing system.</summary>
    public void Reject(string reason, DateTimeOffset now, string actor, Guid? accountId)
    {
        Require(Status is DocumentStatus.PendingParaf or DocumentStatus.PendingApproval, "be rejected");
        RejectedAt = now;
        RejectionReason = reason;
        RejectedByAccountId = accountId;
        MoveTo(DocumentStatus.Rejected, now, actor, reason);
    }

    /// <summary>
    /// Signed by its official (or the acting official under <paramref name="delegation"/>) with their own PIN.
    /// Straight from pending approval: the document is never "signing" while a person waits, so a crash
    /// before this commit leaves it pending and nothing to clean up.
    /// </summary>
    public void MarkSignedOnApproval(SignedOutcome outcome, SignedUnderDelegation? delegation, DateTimeOffset now, string actor)
    {
        Require(Status == DocumentStatus.PendingApproval, "be signed on approval");
        ApplySigned(outcome);
        DelegationId = delegation?.Id;
        DelegationKind = delegation?.Kind;
        DelegationBasis = delegation?.LegalBasis;
        SignedOnBehalfOf = delegation?.OnBehalfOf;
        MoveTo(DocumentStatus.Signed, now, actor, delegation is null ? null : $"{delegation.Kind} {delegation.LegalBasis}");
    }

    private void ApplySigned(SignedOutcome outcome)
    {
        SignedSha256 = outcome.Sha256;
        SignedBlobKey = outcome.BlobKey;
        SignedLength = outcome.Length;
        SignedAt = outcome.SigningTime;
        SignedByName = outcome.SignerName;
        SignedByPosition = outcome.SignerPosition;
        SignatureLevel = outcome.Level;
        TimestampAuthority = outcome.TimestampAuthority;
        ArchiveExpiresAt = outcome.ArchiveExpiresAt;
    }

    /// <summary>
    /// The signed PDF got a new archive time-stamp (appended: every earlier revision, and every signature in it,
    /// is unchanged). The document now refers to the grown file.
    /// </summary>
    public void RenewArchive(string blobKey, string sha256, long length, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        Require(SignedBlobKey is not null && SignatureLevel == "B-LTA", "renew the archive time-stamp");
        SignedBlobKey = blobKey;
        SignedSha256 = sha256;
        SignedLength = length;
        ArchiveExpiresAt = expiresAt;
        ArchiveRenewedAt = now;
    }

    /// <summary>
    /// Signing failed. Back to the queue with exponential backoff while attempts remain; otherwise
    /// <see cref="DocumentStatus.Failed"/>, from which <see cref="Retry"/> restarts it. Nothing is lost.
    /// </summary>
    public void MarkAttemptFailed(string code, string message, DateTimeOffset now, int maxAttempts, TimeSpan firstBackoff)
    {
        Require(Status == DocumentStatus.Signing, "record a failed attempt");
        LastErrorCode = code;
        LastError = message.Length > 2000 ? message[..2000] : message;
        LeaseUntil = null;
        if (Attempts >= maxAttempts)
        {
            NextAttemptAt = null;
            MoveTo(DocumentStatus.Failed, now, "worker", $"{code}: {LastError}");
            return;
        }
        var backoff = firstBackoff * Math.Pow(2, Math.Min(Attempts - 1, 16));
        NextAttemptAt = now + backoff;
        MoveTo(DocumentStatus.Queued, now, "worker", $"{code}; next attempt at {NextAttemptAt:O}");
    }

    /// <summary>Still waiting for a signature (the SLA clock runs): queued, being signed, in paraf, pending approval, or failed.</summary>
    public bool IsOpen => Status is DocumentStatus.Queued or DocumentStatus.Signing or DocumentStatus.PendingParaf
        or DocumentStatus.PendingApproval or DocumentStatus.Failed;

    /// <summary>Records a worse SLA state; returns false when nothing changed (states never go back).</summary>
    public bool RecordSlaState(Sla.SlaState state)
    {
        if (state <= SlaState || !IsOpen)
        {
            return false;
        }
        SlaState = state;
        Version = Guid.NewGuid();
        return true;
    }

    public void Retry(DateTimeOffset now, string actor)
    {
        Require(Status == DocumentStatus.Failed, "retry");
        Attempts = 0;
        NextAttemptAt = now;
        MoveTo(DocumentStatus.Queued, now, actor, "retry requested");
    }

    public void Revoke(string reason, DateTimeOffset now, string actor, Document? replacement = null)
    {
        Require(Status == DocumentStatus.Signed, "revoke");
        if (replacement is not null && (replacement.Id == Id || replacement.IssuingClientId != IssuingClientId))
        {
            throw new InvalidTransitionException(Status, "be superseded by itself or by another client's document");
        }
        RevokedAt = now;
        RevocationReason = reason;
        SupersededByPublicId = replacement?.PublicId;
        MoveTo(DocumentStatus.Revoked, now, actor, reason);
    }

    private void MoveTo(DocumentStatus to, DateTimeOffset now, string actor, string? note)
    {
        History.Add(new DocumentStateChange(now, Status == to && History.Count == 0 ? null : Status, to, actor, note));
        Status = to;
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }

    private void Require(bool allowed, string action)
    {
        if (!allowed)
        {
            throw new InvalidTransitionException(Status, action);
        }
    }
}

/// <summary>One step of a document's state history.</summary>
public sealed record DocumentStateChange(DateTimeOffset At, DocumentStatus? From, DocumentStatus To, string Actor, string? Note);

/// <summary>What the worker reports after a successful signature.</summary>
public sealed record SignedOutcome(
    string BlobKey, string Sha256, long Length, DateTimeOffset SigningTime, string SignerName, string SignerPosition, string Level,
    string? TimestampAuthority = null, DateTimeOffset? ArchiveExpiresAt = null);

public sealed class InvalidTransitionException(DocumentStatus status, string action)
    : InvalidOperationException($"A document that is {status.Name()} cannot {action}.")
{
    public DocumentStatus Status { get; } = status;
}

/// <summary>Random public identifiers.</summary>
public static class PublicIds
{
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    // Crockford-style: no I, L, O, U, 0, 1, so a code read aloud or from paper is not mistyped.
    private const string TrackingAlphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

    /// <summary>128 random bits as 26 base32 characters (RFC 4648 alphabet, no padding).</summary>
    public static string NewPublicId()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[26];
        int buffer = 0, bits = 0, at = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[at++] = Base32[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }
        chars[at] = Base32[(buffer << (5 - bits)) & 31];
        return new string(chars);
    }

    /// <summary>Ten characters (about 49 bits) in groups: e.g. "K7Q-M4X-9TZP".</summary>
    public static string NewTrackingCode()
    {
        Span<char> c = stackalloc char[10];
        for (var i = 0; i < c.Length; i++)
        {
            c[i] = TrackingAlphabet[RandomNumberGenerator.GetInt32(TrackingAlphabet.Length)];
        }
        return $"{c[..3]}-{c[3..6]}-{c[6..]}";
    }
}
