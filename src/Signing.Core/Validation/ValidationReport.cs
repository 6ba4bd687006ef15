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

    /// <summary>What changed in the file after this signature (empty when it covers the whole file).</summary>
    public IReadOnlyList<global::Signing.Pdf.RevisionChange> ChangesAfter { get; init; } = [];

    /// <summary>Some change after this signature alters what a reader sees (page content, annotations, form values).</summary>
    public bool SuspiciousChangesAfter => ChangesAfter.Any(c => !c.Allowed);

    /// <summary>
    /// Main status indication of ETSI TS 119 102-1 §5.1.3: TOTAL-FAILED when the signed bytes or the
    /// signature do not verify, or a certificate was revoked before signing; INDETERMINATE when it is intact
    /// but cannot be fully trusted (no path to a trusted root, a time-stamp that fails, suspicious changes
    /// after it); TOTAL-PASSED otherwise.
    /// </summary>
    public string Indication =>
        !ByteRangeWellFormed || !DigestMatches || !SignatureValid || RevokedBeforeSigning ? Indications.TotalFailed
        : !ChainTrusted || Timestamp is { Valid: false } || SuspiciousChangesAfter ? Indications.Indeterminate
        : Indications.TotalPassed;

    /// <summary>Intact, made by the certificate's key, chained to a trusted root, not revoked at signing.</summary>
    public bool IsValid => ByteRangeWellFormed && DigestMatches && SignatureValid && ChainTrusted && !RevokedBeforeSigning
                           && (Timestamp is null || Timestamp.Valid);
}

public sealed record TimestampReport(bool Valid, DateTimeOffset? Time, string? Authority, string? Problem);

public sealed record ValidationReport(long Length, string Sha256, IReadOnlyList<SignatureReport> Signatures)
{
    public bool AllValid => Signatures.Count > 0 && Signatures.All(s => s.IsValid);

    /// <summary>The document's conclusion: the worst indication of its signatures; a file without any is INDETERMINATE.</summary>
    public string Conclusion =>
        Signatures.Count == 0 ? Indications.Indeterminate
        : Signatures.Any(s => s.Indication == Indications.TotalFailed) ? Indications.TotalFailed
        : Signatures.Any(s => s.Indication == Indications.Indeterminate) ? Indications.Indeterminate
        : Indications.TotalPassed;
}

/// <summary>ETSI TS 119 102-1 main status indications.</summary>
public static class Indications
{
    public const string TotalPassed = "TOTAL-PASSED";
    public const string Indeterminate = "INDETERMINATE";
    public const string TotalFailed = "TOTAL-FAILED";
}
