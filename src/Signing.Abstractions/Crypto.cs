namespace Signing.Abstractions;

public enum DigestAlgorithm
{
    Sha256,
    Sha384,
    Sha512,
}

/// <summary>How the signature value is computed from the to-be-signed bytes.</summary>
public enum SignatureScheme
{
    /// <summary>RSASSA-PKCS1-v1_5 (RFC 8017 §8.2).</summary>
    RsaPkcs1,

    /// <summary>RSASSA-PSS with MGF1 over the same digest and salt length = digest length (RFC 4055).</summary>
    RsaPss,

    /// <summary>ECDSA; the value handed back is DER SEQUENCE { r, s } as CMS wants (RFC 5753).</summary>
    Ecdsa,
}

public enum KeyAlgorithm
{
    Rsa,
    EcP256,
    EcP384,
}

public static class CryptoDefaults
{
    public static SignatureScheme DefaultScheme(KeyAlgorithm key) =>
        key == KeyAlgorithm.Rsa ? SignatureScheme.RsaPkcs1 : SignatureScheme.Ecdsa;

    public static int DigestLength(DigestAlgorithm digest) => digest switch
    {
        DigestAlgorithm.Sha256 => 32,
        DigestAlgorithm.Sha384 => 48,
        DigestAlgorithm.Sha512 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(digest)),
    };
}
