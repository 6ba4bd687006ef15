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
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Intact, made by the certificate's key, and chained to a trusted root.</summary>
    public bool IsValid => ByteRangeWellFormed && DigestMatches && SignatureValid && ChainTrusted;
}

public sealed record ValidationReport(long Length, string Sha256, IReadOnlyList<SignatureReport> Signatures)
{
    public bool AllValid => Signatures.Count > 0 && Signatures.All(s => s.IsValid);
}
