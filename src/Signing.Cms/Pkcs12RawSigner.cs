using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Signing.Abstractions;

namespace Signing.Cms;

/// <summary>
/// An <see cref="IRawSigner"/> over a key held in a PKCS#12 file (RFC 7292) — for development and
/// tests; production keys live in tokens. Thread-safe: the key is immutable and every call makes its
/// own BouncyCastle signer, so batch signing may call <see cref="SignAsync"/> in parallel.
/// </summary>
public sealed class Pkcs12RawSigner : IRawSigner
{
    private readonly AsymmetricKeyParameter _privateKey;

    // RSA through the platform (OpenSSL): ~1 ms a signature where BouncyCastle's BigInteger arithmetic
    // takes ~16 ms. One instance per thread, since RSA objects are not documented as thread-safe.
    private readonly ThreadLocal<System.Security.Cryptography.RSA>? _platformRsa;

    private Pkcs12RawSigner(AsymmetricKeyParameter privateKey, byte[] certificate,
        IReadOnlyList<ReadOnlyMemory<byte>> chain, KeyAlgorithm keyAlgorithm)
    {
        _privateKey = privateKey;
        if (privateKey is RsaPrivateCrtKeyParameters rsaKey)
        {
            var parameters = DotNetUtilities.ToRSAParameters(rsaKey);
            _platformRsa = new ThreadLocal<System.Security.Cryptography.RSA>(() =>
            {
                var rsa = System.Security.Cryptography.RSA.Create();
                rsa.ImportParameters(parameters);
                return rsa;
            });
        }
        Certificate = certificate;
        Chain = chain;
        KeyAlgorithm = keyAlgorithm;
    }

    public ReadOnlyMemory<byte> Certificate { get; }

    public IReadOnlyList<ReadOnlyMemory<byte>> Chain { get; }

    public KeyAlgorithm KeyAlgorithm { get; }

    /// <summary>
    /// Loads the first private key that has a certificate. Errors: not a PKCS#12 →
    /// <see cref="KeyAccessException"/> keystore-invalid; integrity MAC does not verify with the
    /// password (RFC 7292 §5.1) → password-incorrect; key and certificate disagree →
    /// <see cref="CertificateException"/> certificate-key-mismatch.
    /// </summary>
    /// <param name="chain">Issuing chain to report instead of the one stored in the file (e.g. from a PEM bundle).</param>
    public static Pkcs12RawSigner Open(Stream pkcs12, ReadOnlySpan<char> password,
        IReadOnlyList<ReadOnlyMemory<byte>>? chain = null)
    {
        ArgumentNullException.ThrowIfNull(pkcs12);
        var bytes = ReadAll(pkcs12);
        EnsurePfxStructure(bytes);

        var store = new Pkcs12StoreBuilder().Build();
        var pw = password.ToArray();
        try
        {
            store.Load(new MemoryStream(bytes, writable: false), pw);
        }
        catch (IOException e) when (e.Message.Contains("MAC invalid", StringComparison.OrdinalIgnoreCase))
        {
            throw new KeyAccessException(ErrorCodes.PasswordIncorrect,
                "The PKCS#12 password is incorrect (the file's integrity check failed).", e);
        }
        catch (Exception e) when (e is InvalidCipherTextException or DataLengthException)
        {
            // Files without a MAC fail only when the shrouded key will not decrypt.
            throw new KeyAccessException(ErrorCodes.PasswordIncorrect,
                "The PKCS#12 password is incorrect (the private key does not decrypt).", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Any other BouncyCastle failure (bad bag, unknown PBE algorithm, broken key encoding).
            throw new KeyAccessException(ErrorCodes.KeyStoreInvalid, $"The PKCS#12 file cannot be read: {e.Message}", e);
        }
        finally
        {
            Array.Clear(pw);
        }

        var alias = store.Aliases.FirstOrDefault(a => store.IsKeyEntry(a) && store.GetCertificate(a) is not null)
            ?? throw new KeyAccessException(ErrorCodes.KeyStoreInvalid,
                "The PKCS#12 file holds no private key with its certificate.");

        var key = store.GetKey(alias).Key;
        var cert = store.GetCertificate(alias).Certificate;
        EnsureKeyMatches(key, cert);
        var keyAlgorithm = CertificateInfo.KeyAlgorithmOf(cert);
        var certificate = cert.GetEncoded();

        IReadOnlyList<ReadOnlyMemory<byte>> issuers = chain
            ?? (store.GetCertificateChain(alias) ?? []).Select(e => (ReadOnlyMemory<byte>)e.Certificate.GetEncoded()).ToList();
        foreach (var issuer in issuers)
            CertificateInfo.Parse(issuer);
        var filtered = issuers.Where(c => !c.Span.SequenceEqual(certificate)).ToList();

        return new Pkcs12RawSigner(key, certificate, filtered, keyAlgorithm);
    }

    /// <summary>
    /// Signs the DER signed attributes. RSASSA-PKCS1-v1_5 and RSASSA-PSS (MGF1 with the same hash,
    /// salt = hash length, RFC 4055 §3.1) for RSA keys; ECDSA with RFC 6979 deterministic nonces for
    /// EC keys, returned as DER ECDSA-Sig-Value (RFC 5753 §7.2).
    /// </summary>
    public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, DigestAlgorithm digest, SignatureScheme scheme,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var fits = KeyAlgorithm == KeyAlgorithm.Rsa
            ? scheme is SignatureScheme.RsaPkcs1 or SignatureScheme.RsaPss
            : scheme == SignatureScheme.Ecdsa;
        if (!fits)
        {
            throw new KeyAccessException(ErrorCodes.MechanismNotSupported,
                $"A {KeyAlgorithm} key cannot sign with {scheme}.");
        }

        if (_platformRsa is not null)
        {
            var padding = scheme == SignatureScheme.RsaPss
                ? System.Security.Cryptography.RSASignaturePadding.Pss
                : System.Security.Cryptography.RSASignaturePadding.Pkcs1;
            return ValueTask.FromResult(_platformRsa.Value!.SignData(data.Span, PlatformHash(digest), padding));
        }

        var signer = CmsAlgorithms.CreateSigner(digest, scheme);
        signer.Init(true, scheme == SignatureScheme.RsaPss
            ? new ParametersWithRandom(_privateKey, new SecureRandom())
            : _privateKey);
        signer.BlockUpdate(data.Span);
        return ValueTask.FromResult(signer.GenerateSignature());
    }

    private static System.Security.Cryptography.HashAlgorithmName PlatformHash(DigestAlgorithm digest) => digest switch
    {
        DigestAlgorithm.Sha256 => System.Security.Cryptography.HashAlgorithmName.SHA256,
        DigestAlgorithm.Sha384 => System.Security.Cryptography.HashAlgorithmName.SHA384,
        DigestAlgorithm.Sha512 => System.Security.Cryptography.HashAlgorithmName.SHA512,
        _ => throw new ArgumentOutOfRangeException(nameof(digest)),
    };

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Tells "not a PKCS#12 at all" apart from "wrong password" before any decryption (RFC 7292 §4: PFX).</summary>
    private static void EnsurePfxStructure(byte[] bytes)
    {
        try
        {
            var pfx = Pfx.GetInstance(Asn1Object.FromByteArray(bytes));
            _ = pfx.AuthSafe.ContentType;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new KeyAccessException(ErrorCodes.KeyStoreInvalid, "The file is not a PKCS#12 key store.", e);
        }
    }

    private static void EnsureKeyMatches(AsymmetricKeyParameter key, X509Certificate cert)
    {
        var publicKey = cert.GetPublicKey();
        var matches = (key, publicKey) switch
        {
            (RsaPrivateCrtKeyParameters rsa, RsaKeyParameters pub) =>
                rsa.Modulus.Equals(pub.Modulus) && rsa.PublicExponent.Equals(pub.Exponent),
            (RsaKeyParameters rsa, RsaKeyParameters pub) => rsa.Modulus.Equals(pub.Modulus),
            (ECPrivateKeyParameters ec, ECPublicKeyParameters pub) =>
                ec.Parameters.Equals(pub.Parameters) && ec.Parameters.G.Multiply(ec.D).Normalize().Equals(pub.Q.Normalize()),
            _ => false,
        };
        if (!matches)
        {
            throw new CertificateException(ErrorCodes.CertificateKeyMismatch,
                $"The private key in the PKCS#12 file does not belong to the certificate of '{CertificateInfo.CommonNameOf(cert.SubjectDN)}'.");
        }
    }
}
