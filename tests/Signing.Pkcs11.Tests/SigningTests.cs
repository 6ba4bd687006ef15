using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signing.Abstractions;
using Xunit.Abstractions;

namespace Signing.Pkcs11.Tests;

[Collection(SoftHsmCollection.Name)]
public sealed class SigningTests(SoftHsmFixture hsm, ITestOutputHelper output)
{
    private static readonly byte[] SignedAttributes = RandomNumberGenerator.GetBytes(347);

    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha384)]
    [InlineData(DigestAlgorithm.Sha512)]
    public async Task An_RSA_key_makes_PKCS1_signatures_that_verify_against_the_tokens_public_key(DigestAlgorithm digest)
    {
        using var signer = hsm.OpenSigner(hsm.RsaKey);
        using var publicKey = (RSA)SoftHsmFixture.TokenPublicKey(SoftHsmFixture.SigningToken, "01");

        var signature = await signer.SignAsync(SignedAttributes, digest, SignatureScheme.RsaPkcs1);

        Assert.Equal(256, signature.Length);
        Assert.True(publicKey.VerifyData(SignedAttributes, signature, Hash(digest), RSASignaturePadding.Pkcs1));
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha384)]
    [InlineData(DigestAlgorithm.Sha512)]
    public async Task An_RSA_key_makes_PSS_signatures_with_salt_as_long_as_the_digest(DigestAlgorithm digest)
    {
        using var signer = hsm.OpenSigner(hsm.RsaKey);
        using var publicKey = (RSA)SoftHsmFixture.TokenPublicKey(SoftHsmFixture.SigningToken, "01");

        var signature = await signer.SignAsync(SignedAttributes, digest, SignatureScheme.RsaPss);

        // .NET verifies PSS with MGF1 over the same hash and salt length = hash length, as RFC 4055 wants.
        Assert.True(publicKey.VerifyData(SignedAttributes, signature, Hash(digest), RSASignaturePadding.Pss));
        Assert.False(publicKey.VerifyData(SignedAttributes, signature, Hash(digest), RSASignaturePadding.Pkcs1));
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha384)]
    [InlineData(DigestAlgorithm.Sha512)]
    public async Task A_P256_key_makes_DER_encoded_ECDSA_signatures_that_verify(DigestAlgorithm digest)
    {
        using var signer = hsm.OpenSigner(hsm.EcKey);
        using var publicKey = (ECDsa)SoftHsmFixture.TokenPublicKey(SoftHsmFixture.SigningToken, "02");

        var signature = await signer.SignAsync(SignedAttributes, digest, SignatureScheme.Ecdsa);

        Assert.Equal(0x30, signature[0]); // SEQUENCE { r, s }, not the token's raw r||s
        Assert.True(publicKey.VerifyData(SignedAttributes, signature, Hash(digest), DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public async Task A_P384_key_signs_with_SHA384_and_its_signature_verifies()
    {
        using var signer = hsm.OpenSigner(hsm.Ec384Key);
        using var publicKey = (ECDsa)SoftHsmFixture.TokenPublicKey(SoftHsmFixture.SigningToken, "03");

        var signature = await signer.SignAsync(SignedAttributes, DigestAlgorithm.Sha384, SignatureScheme.Ecdsa);

        Assert.Equal(KeyAlgorithm.EcP384, signer.KeyAlgorithm);
        Assert.True(publicKey.VerifyData(SignedAttributes, signature, HashAlgorithmName.SHA384, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void The_signer_presents_the_certificate_stored_with_the_key_and_the_chain_it_was_given()
    {
        var chain = new ReadOnlyMemory<byte>[] { X509CertificateLoader.LoadCertificateFromFile(hsm.CaCertificate).RawData };
        using var signer = hsm.Module.OpenSigner(hsm.RsaKey, SoftHsmEnvironment.UserPin, chain: chain);
        using var certificate = X509CertificateLoader.LoadCertificate(signer.Certificate.Span);
        using var tokenKey = (RSA)SoftHsmFixture.TokenPublicKey(SoftHsmFixture.SigningToken, "01");
        using var certificateKey = certificate.GetRSAPublicKey()!;

        Assert.Equal("CN=Kepala Dinas, O=Pemkab Dev, C=ID", certificate.Subject);
        Assert.Equal(tokenKey.ExportSubjectPublicKeyInfo(), certificateKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(chain[0].ToArray(), Assert.Single(signer.Chain).ToArray());
        Assert.Equal(KeyAlgorithm.Rsa, signer.KeyAlgorithm);
        Assert.Equal(2048, signer.KeySizeBits);
    }

    [Fact]
    public async Task Four_threads_make_200_signatures_in_parallel_and_every_one_verifies()
    {
        using var signer = hsm.OpenSigner(hsm.RsaKey);
        using var publicKey = (RSA)SoftHsmFixture.TokenPublicKey(SoftHsmFixture.SigningToken, "01");
        var results = new ConcurrentBag<(byte[] Data, byte[] Signature)>();

        var threads = Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                var data = RandomNumberGenerator.GetBytes(200 + i);
                results.Add((data, signer.SignAsync(data, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1).AsTask().GetAwaiter().GetResult()));
            }
        }, TaskCreationOptions.LongRunning));
        await Task.WhenAll(threads);

        Assert.Equal(200, results.Count);
        Assert.All(results, r => Assert.True(publicKey.VerifyData(r.Data, r.Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)));
    }

    [Fact]
    public async Task Signers_on_one_token_share_its_login_and_closing_one_leaves_the_other_working()
    {
        using var ec = hsm.OpenSigner(hsm.EcKey);
        var rsa = hsm.OpenSigner(hsm.RsaKey);
        await rsa.SignAsync(SignedAttributes, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1);

        rsa.Dispose();
        var signature = await ec.SignAsync(SignedAttributes, DigestAlgorithm.Sha256, SignatureScheme.Ecdsa);

        using var publicKey = (ECDsa)SoftHsmFixture.TokenPublicKey(SoftHsmFixture.SigningToken, "02");
        Assert.True(publicKey.VerifyData(SignedAttributes, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public async Task Asking_an_RSA_key_for_ECDSA_is_refused_as_an_unsupported_mechanism()
    {
        using var signer = hsm.OpenSigner(hsm.RsaKey);

        var error = await Assert.ThrowsAsync<KeyAccessException>(
            () => signer.SignAsync(SignedAttributes, DigestAlgorithm.Sha256, SignatureScheme.Ecdsa).AsTask());

        Assert.Equal(ErrorCodes.MechanismNotSupported, error.Code);
    }

    [Fact]
    public async Task A_cancelled_request_never_reaches_the_token_and_a_disposed_signer_refuses_to_sign()
    {
        var signer = hsm.OpenSigner(hsm.RsaKey);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => signer.SignAsync(SignedAttributes, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1, new CancellationToken(true)).AsTask());
        signer.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(
            () => signer.SignAsync(SignedAttributes, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1).AsTask());
    }

    [Fact]
    public void The_raw_sign_rate_benchmark_counts_real_signatures_from_several_sessions()
    {
        using var signer = hsm.OpenSigner(hsm.RsaKey);

        var rate = Pkcs11Benchmark.MeasureRawSignRate(signer, sessions: 2, TimeSpan.FromMilliseconds(300));

        output.WriteLine($"RSA-2048 raw C_Sign rate, 2 sessions: {rate:F0}/s");
        Assert.InRange(rate, 1, 1_000_000);
    }

    private static HashAlgorithmName Hash(DigestAlgorithm digest) => digest switch
    {
        DigestAlgorithm.Sha256 => HashAlgorithmName.SHA256,
        DigestAlgorithm.Sha384 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };
}
