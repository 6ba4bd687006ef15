namespace Signing.Core.Signing;

/// <summary>What a caller needs to record after a signature was embedded.</summary>
public sealed record SignedDocument(string FieldName, long Length, string Sha256, DateTimeOffset SigningTime, int SignatureBytes);
