using System.Text.Json;
using System.Text.Json.Serialization;
using Signing.Abstractions;
using Signing.Core.Ltv;

namespace Signing.Core.Signing;

/// <summary>
/// The state between "prepare" and "embed" (pyHanko's PdfTBSDocument, EU DSS getDataToSign): the update
/// bytes with their placeholders, the digest over the ByteRange and the CMS signed attributes to be signed.
/// Serialisable, so an approval, a remote token or a background job can finish it later. It holds no key
/// material and no PIN; the original PDF is not copied in (it is identified by length and SHA-256).
/// </summary>
public sealed record PreparedSignature
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public required string FieldName { get; init; }
    public required DateTimeOffset SigningTime { get; init; }

    public required long OriginalLength { get; init; }
    public required string OriginalSha256 { get; init; }

    public required byte[] UpdateBytes { get; init; }
    public required long[] ByteRange { get; init; }
    public required int ContentsOffset { get; init; }
    public required int ContentsCapacity { get; init; }

    public required DigestAlgorithm Digest { get; init; }
    public required SignatureScheme Scheme { get; init; }
    public required byte[] DocumentDigest { get; init; }

    /// <summary>DER SET OF signed attributes: exactly the bytes the key signs.</summary>
    public required byte[] SignedAttributes { get; init; }

    /// <summary>Level asked for; B-T and above reserve room for the signature time-stamp.</summary>
    public SignatureLevel Level { get; init; } = SignatureLevel.BB;

    public required byte[] SignerCertificate { get; init; }
    public required byte[][] Chain { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static PreparedSignature FromJson(string json) =>
        JsonSerializer.Deserialize<PreparedSignature>(json, JsonOptions)
        ?? throw new SigningException(ErrorCodes.PreparedStateMismatch, "The prepared signature state is empty.");

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };
}
