using Signing.Abstractions;

namespace Signing.Pkcs11;

/// <summary>
/// Where a signing key lives: the PKCS#11 module, the token (by label and/or serial; both must match
/// when both are given) and the private key (by CKA_LABEL and/or CKA_ID in hex; likewise).
/// </summary>
public sealed record Pkcs11KeyReference(
    string ModulePath,
    string? TokenLabel,
    string? TokenSerial,
    string? KeyLabel,
    string? KeyIdHex);

/// <summary>A slot with a token in it, as CK_TOKEN_INFO describes it (labels trimmed).</summary>
public sealed record Pkcs11TokenInfo(
    ulong SlotId,
    string Label,
    string Serial,
    string Manufacturer,
    string Model,
    bool LoginRequired,
    bool PinLocked,
    bool PinFinalTry,
    bool PinCountLow)
{
    /// <summary>False for a blank token (SoftHSM always offers one free slot) that needs C_InitToken first.</summary>
    public bool Initialized { get; init; } = true;
}

/// <summary>
/// A private key on a token and, when one with the same CKA_ID is there, its certificate.
/// <see cref="KeySizeBits"/> is the modulus length for RSA and the field size for EC.
/// </summary>
public sealed record Pkcs11KeyInfo(
    string Label,
    string IdHex,
    KeyAlgorithm Algorithm,
    int KeySizeBits,
    string? CertificateSubject,
    DateTimeOffset? CertificateNotAfter);
