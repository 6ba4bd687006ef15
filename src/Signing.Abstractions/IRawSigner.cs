namespace Signing.Abstractions;

/// <summary>
/// The key seam: "sign these bytes with this key". Implemented over PKCS#11 (HSM slots, USB tokens,
/// SoftHSM) and over PKCS#12 (dev). Everything else in the engine is key-agnostic.
/// </summary>
public interface IRawSigner
{
    /// <summary>The signer's certificate (DER). From the token (matching CKA_ID) unless given.</summary>
    ReadOnlyMemory<byte> Certificate { get; }

    /// <summary>Issuing chain above <see cref="Certificate"/> (DER, leaf-most first; may be empty).</summary>
    IReadOnlyList<ReadOnlyMemory<byte>> Chain { get; }

    KeyAlgorithm KeyAlgorithm { get; }

    /// <summary>
    /// Signs <paramref name="data"/> (the DER-encoded CMS signed attributes, hashed by the signer with
    /// <paramref name="digest"/>). Returns the signature value in CMS encoding: PKCS#1 / PSS bytes, or a
    /// DER ECDSA-Sig-Value. Throws <see cref="KeyAccessException"/> for token and key problems.
    /// </summary>
    ValueTask<byte[]> SignAsync(
        ReadOnlyMemory<byte> data,
        DigestAlgorithm digest,
        SignatureScheme scheme,
        CancellationToken cancellationToken = default);
}
