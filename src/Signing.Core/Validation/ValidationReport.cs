namespace Signing.Core.Validation;

/// <summary>One signature or document timestamp, as a validator sees it.</summary>
public sealed record SignatureReport
{
    public required string FieldName { get; init; }
    public required string Type { get; init; }
    public string? SubFilter { get; init; }
    public string? Signer { get; init; }
    public DateTimeOffset? SigningTime { get; init; }
    public string? DigestAlgorithm { get; init; }
    public string? SignatureAlgorithm { get; init; }
    public required long[] ByteRange { get; init; }
    public bool ByteRangeWellFormed { get; init; }
    public bool DigestMatches { get; init; }
    public bool SignatureValid { get; init; }
    public bool ChainTrusted { get; init; }
    public IReadOnlyList<string> Chain { get; init; } = [];
    public bool CoversWholeFile { get; init; }
    public required string Level { get; init; }

    /// <summary>The signature time-stamp (or, for a document time-stamp, the token itself).</summary>
    public TimestampReport? Timestamp { get; init; }

    /// <summary>Revocation status of each certificate of the signer's path (not the root).</summary>
    public IReadOnlyList<string> Revocation { get; init; } = [];

    /// <summary>A certificate of the path was revoked before the signature's proven time (or with no proven time).</summary>
    public bool RevokedBeforeSigning { get; init; }

    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Intact, made by the certificate's key, chained to a trusted root, not revoked at signing.</summary>
    public bool IsValid => ByteRangeWellFormed && DigestMatches && SignatureValid && ChainTrusted && !RevokedBeforeSigning
                           && (Timestamp is null || Timestamp.Valid);
}

public sealed record TimestampReport(bool Valid, DateTimeOffset? Time, string? Authority, string? Problem);

public sealed record ValidationReport(long Length, string Sha256, IReadOnlyList<SignatureReport> Signatures)
{
    public bool AllValid => Signatures.Count > 0 && Signatures.All(s => s.IsValid);
}
