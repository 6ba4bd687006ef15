using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signing.Abstractions;

namespace Signing.Pkcs11;

/// <summary>
/// Lets <see cref="CertificateRequest"/> build a PKCS#10 request whose signature is made on the token:
/// the private key never leaves it, so the BCL's RSA/ECDsa generators cannot be used.
/// </summary>
internal sealed class TokenSignatureGenerator(
    KeyAlgorithm algorithm, PublicKey publicKey, Func<byte[], DigestAlgorithm, byte[]> signOnToken)
    : X509SignatureGenerator
{
    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
    {
        var digest = Digest(hashAlgorithm);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            if (algorithm == KeyAlgorithm.Rsa)
            {
                // sha*WithRSAEncryption (RFC 4055 §5) carry explicit NULL parameters.
                writer.WriteObjectIdentifier(digest switch
                {
                    DigestAlgorithm.Sha256 => "1.2.840.113549.1.1.11",
                    DigestAlgorithm.Sha384 => "1.2.840.113549.1.1.12",
                    _ => "1.2.840.113549.1.1.13",
                });
                writer.WriteNull();
            }
            else
            {
                // ecdsa-with-SHA* (RFC 5758 §3.2) have absent parameters.
                writer.WriteObjectIdentifier(digest switch
                {
                    DigestAlgorithm.Sha256 => "1.2.840.10045.4.3.2",
                    DigestAlgorithm.Sha384 => "1.2.840.10045.4.3.3",
                    _ => "1.2.840.10045.4.3.4",
                });
            }
        }

        return writer.Encode();
    }

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) =>
        signOnToken(data, Digest(hashAlgorithm));

    protected override PublicKey BuildPublicKey() => publicKey;

    private static DigestAlgorithm Digest(HashAlgorithmName name) =>
        name == HashAlgorithmName.SHA256 ? DigestAlgorithm.Sha256
        : name == HashAlgorithmName.SHA384 ? DigestAlgorithm.Sha384
        : name == HashAlgorithmName.SHA512 ? DigestAlgorithm.Sha512
        : throw new ArgumentOutOfRangeException(nameof(name), name, "Only SHA-2 digests are supported.");
}
