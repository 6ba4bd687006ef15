using Signing.Abstractions;

namespace Signing.Cms.Tests;

/// <summary>
/// Every dev signing identity, every scheme its key supports, every digest: our verifier and
/// `openssl cms -verify` must both accept what the builder assembles.
/// </summary>
[Collection(DevPkiCollection.Name)]
public sealed class CadesRoundTripTests(DevPkiFixture pki)
{
    public static TheoryData<string, SignatureScheme, DigestAlgorithm> AllSigningCombinations()
    {
        var data = new TheoryData<string, SignatureScheme, DigestAlgorithm>();
        foreach (var digest in Enum.GetValues<DigestAlgorithm>())
        {
            foreach (var name in new[] { "kadis", "sekretaris", "eseal", "revoked" })
            {
                data.Add(name, SignatureScheme.RsaPkcs1, digest);
                data.Add(name, SignatureScheme.RsaPss, digest);
            }

            data.Add("kabid", SignatureScheme.Ecdsa, digest);
        }

        return data;
    }

    public static TheoryData<string, SignatureScheme, DigestAlgorithm> OnePerScheme() => new()
    {
        { "kadis", SignatureScheme.RsaPkcs1, DigestAlgorithm.Sha256 },
        { "sekretaris", SignatureScheme.RsaPss, DigestAlgorithm.Sha384 },
        { "kabid", SignatureScheme.Ecdsa, DigestAlgorithm.Sha512 },
    };

    [Theory]
    [MemberData(nameof(AllSigningCombinations))]
    public async Task Our_verifier_finds_the_signature_valid_and_trusted_by_the_dev_root(
        string identity, SignatureScheme scheme, DigestAlgorithm digest)
    {
        var content = TestSignatures.Content();
        var signer = pki.Signer(identity);

        var cms = await TestSignatures.SignDetachedAsync(signer, content, digest, scheme);
        var result = CmsSignatureVerifier.Verify(cms, TestSignatures.DigestOf(content), pki.Trust, pki.Now.AddMinutes(1));

        Assert.True(result.Parsed);
        Assert.Null(result.Error);
        Assert.Equal(digest, result.Digest);
        Assert.Equal(CmsAlgorithms.Name(digest, scheme), result.SignatureAlgorithm);
        Assert.True(result.MessageDigestMatches);
        Assert.True(result.SignatureValid);
        Assert.True(result.IntegrityValid);
        Assert.True(result.ChainTrusted, result.ChainError);
        Assert.Null(result.ChainError);
        Assert.Equal(3, result.Chain.Count);
        Assert.Contains("DEV Root CA", result.Chain[2]);
        Assert.Equal(pki.Pki[identity].Subject, result.SignerSubject);
        Assert.Equal(pki.Pki[identity].SerialHex, result.Signer!.SerialHex);
    }

    [Theory]
    [MemberData(nameof(AllSigningCombinations))]
    public async Task OpenSsl_cms_verify_accepts_the_detached_signature_over_the_content(
        string identity, SignatureScheme scheme, DigestAlgorithm digest)
    {
        var content = TestSignatures.Content(seed: (int)scheme * 10 + (int)digest);

        var cms = await TestSignatures.SignDetachedAsync(pki.Signer(identity), content, digest, scheme);
        var (exitCode, output) = OpenSsl.CmsVerify(cms, content, pki.Pki.RootCertificateFile);

        Assert.True(exitCode == 0, output);
        Assert.Contains("Verification successful", output);
    }

    [Theory]
    [MemberData(nameof(OnePerScheme))]
    public async Task A_flipped_content_byte_breaks_the_message_digest_but_not_the_signature_over_the_attributes(
        string identity, SignatureScheme scheme, DigestAlgorithm digest)
    {
        var content = TestSignatures.Content();
        var cms = await TestSignatures.SignDetachedAsync(pki.Signer(identity), content, digest, scheme);
        var tampered = (byte[])content.Clone();
        tampered[1234] ^= 0x01;

        var result = CmsSignatureVerifier.Verify(cms, TestSignatures.DigestOf(tampered), pki.Trust, pki.Now);

        Assert.True(result.Parsed);
        Assert.False(result.MessageDigestMatches);
        Assert.True(result.SignatureValid);
        Assert.False(result.IntegrityValid);
        Assert.NotEqual(0, OpenSsl.CmsVerify(cms, tampered, pki.Pki.RootCertificateFile).ExitCode);
    }

    [Theory]
    [MemberData(nameof(OnePerScheme))]
    public async Task A_different_root_with_the_same_name_is_not_trusted(
        string identity, SignatureScheme scheme, DigestAlgorithm digest)
    {
        var content = TestSignatures.Content();
        var cms = await TestSignatures.SignDetachedAsync(pki.Signer(identity), content, digest, scheme);
        var impostor = new DevCertificateIssuer(new Org.BouncyCastle.Security.SecureRandom(), "http://example.invalid")
            .Root(CertificateInfo.Parse(pki.RootDer).SubjectDN, pki.Now.UtcDateTime.AddDays(-1), pki.Now.UtcDateTime.AddYears(1));
        var wrongTrust = TrustStore.FromCertificates([impostor.Certificate.GetEncoded()]);

        var result = CmsSignatureVerifier.Verify(cms, TestSignatures.DigestOf(content), wrongTrust, pki.Now);

        Assert.True(result.IntegrityValid);
        Assert.False(result.ChainTrusted);
        Assert.NotNull(result.ChainError);
    }

    [Theory]
    [MemberData(nameof(OnePerScheme))]
    public async Task The_signature_carries_signing_certificate_v2_and_no_signing_time(
        string identity, SignatureScheme scheme, DigestAlgorithm digest)
    {
        var content = TestSignatures.Content();
        var cms = await TestSignatures.SignDetachedAsync(pki.Signer(identity), content, digest, scheme);

        var result = CmsSignatureVerifier.Verify(cms, TestSignatures.DigestOf(content), pki.Trust, pki.Now);

        Assert.True(result.SigningCertificateV2Present);
        Assert.True(result.SigningCertificateV2Matches);
        Assert.False(result.SigningTimeAttributePresent);
        Assert.False(result.HasSignatureTimestamp);
    }

    [Fact]
    public void EnsureUsableForSigning_rejects_the_expired_identity_as_certificate_expired()
    {
        var expired = pki.Signer("expired");

        var error = Assert.Throws<CertificateException>(
            () => CertificateInfo.EnsureUsableForSigning(expired.Certificate, pki.Now));

        Assert.Equal(ErrorCodes.CertificateExpired, error.Code);
        Assert.Contains("Hendra Wijaya", error.Message);
    }

    [Fact]
    public void A_wrong_pkcs12_password_is_reported_as_password_incorrect()
    {
        using var file = File.OpenRead(pki.Pki["kadis"].P12File);

        var error = Assert.Throws<KeyAccessException>(() => Pkcs12RawSigner.Open(file, "654321"));

        Assert.Equal(ErrorCodes.PasswordIncorrect, error.Code);
    }
}
