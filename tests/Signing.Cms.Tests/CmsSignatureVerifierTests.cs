using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.Utilities.IO.Pem;
using Signing.Abstractions;

namespace Signing.Cms.Tests;

[Collection(DevPkiCollection.Name)]
public sealed class CmsSignatureVerifierTests(DevPkiFixture pki)
{
    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x30, 0x80, 0x01 })]
    [InlineData(new byte[] { 0x04, 0x03, 0x41, 0x42, 0x43 })]
    public void Bytes_that_are_not_a_SignedData_are_reported_as_unparsed_without_throwing(byte[] garbage)
    {
        var result = CmsSignatureVerifier.Verify(garbage, _ => throw new InvalidOperationException("not reached"), pki.Trust, pki.Now);

        Assert.False(result.Parsed);
        Assert.NotNull(result.Error);
        Assert.False(result.IntegrityValid);
        Assert.False(result.ChainTrusted);
    }

    [Fact]
    public async Task The_digest_callback_is_asked_once_for_the_algorithm_named_in_the_signer_info()
    {
        var content = TestSignatures.Content();
        var cms = await TestSignatures.SignDetachedAsync(pki.Signer("kabid"), content, DigestAlgorithm.Sha384, SignatureScheme.Ecdsa);
        var asked = new List<DigestAlgorithm>();

        CmsSignatureVerifier.Verify(cms, d => { asked.Add(d); return TestSignatures.Digest(d, content); }, pki.Trust, pki.Now);

        Assert.Equal([DigestAlgorithm.Sha384], asked);
    }

    [Fact]
    public async Task A_flipped_bit_in_the_signature_value_makes_the_signature_invalid_but_keeps_the_digest_match()
    {
        var signer = pki.Signer("kadis");
        var content = TestSignatures.Content();
        var attributes = CadesSignedAttributes.Build(TestSignatures.Digest(DigestAlgorithm.Sha256, content), DigestAlgorithm.Sha256, signer.Certificate);
        var signature = await signer.SignAsync(attributes, DigestAlgorithm.Sha256, SignatureScheme.RsaPss);
        signature[17] ^= 0x40;
        var cms = CadesSignedDataBuilder.Build(attributes, signature, DigestAlgorithm.Sha256, SignatureScheme.RsaPss, signer.Certificate, signer.Chain);

        var result = CmsSignatureVerifier.Verify(cms, TestSignatures.DigestOf(content), pki.Trust, pki.Now);

        Assert.True(result.Parsed);
        Assert.True(result.MessageDigestMatches);
        Assert.False(result.SignatureValid);
        Assert.False(result.IntegrityValid);
    }

    [Fact]
    public async Task The_expired_identity_is_untrusted_now_but_trusted_at_a_time_inside_its_validity()
    {
        var signer = pki.Signer("expired");
        var content = TestSignatures.Content();
        var cms = await TestSignatures.SignDetachedAsync(signer, content, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1);

        var now = CmsSignatureVerifier.Verify(cms, TestSignatures.DigestOf(content), pki.Trust, pki.Now);
        var lastWeek = CmsSignatureVerifier.Verify(cms, TestSignatures.DigestOf(content), pki.Trust, pki.Now.AddDays(-7));

        Assert.True(now.IntegrityValid);
        Assert.False(now.ChainTrusted);
        Assert.Contains("expired", now.ChainError);
        Assert.Contains("Hendra Wijaya", now.ChainError);
        Assert.True(lastWeek.ChainTrusted, lastWeek.ChainError);
    }

    [Fact]
    public async Task Without_the_intermediate_in_the_signature_the_chain_fails_unless_the_issuing_CA_itself_is_trusted()
    {
        var signer = pki.Signer("sekretaris");
        var content = TestSignatures.Content();
        var attributes = CadesSignedAttributes.Build(TestSignatures.Digest(DigestAlgorithm.Sha256, content), DigestAlgorithm.Sha256, signer.Certificate);
        var signature = await signer.SignAsync(attributes, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1);
        var cms = CadesSignedDataBuilder.Build(attributes, signature, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1, signer.Certificate, []);

        var rootOnly = CmsSignatureVerifier.Verify(cms, TestSignatures.DigestOf(content), pki.Trust, pki.Now);
        var issuingTrusted = CmsSignatureVerifier.Verify(cms, TestSignatures.DigestOf(content),
            TrustStore.FromCertificates([pki.IssuingDer]), pki.Now);

        Assert.False(rootOnly.ChainTrusted);
        Assert.Contains("Issuing CA", rootOnly.ChainError);
        Assert.True(issuingTrusted.ChainTrusted, issuingTrusted.ChainError);
        Assert.Equal(2, issuingTrusted.Chain.Count);
    }

    [Fact]
    public async Task Signing_certificate_v2_that_names_another_certificate_is_reported()
    {
        var kadis = pki.Signer("kadis");
        var content = TestSignatures.Content();
        var attributesNamingSekretaris = CadesSignedAttributes.Build(
            TestSignatures.Digest(DigestAlgorithm.Sha256, content), DigestAlgorithm.Sha256, pki.Signer("sekretaris").Certificate);
        var signature = await kadis.SignAsync(attributesNamingSekretaris, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1);
        var cms = CadesSignedDataBuilder.Build(attributesNamingSekretaris, signature, DigestAlgorithm.Sha256,
            SignatureScheme.RsaPkcs1, kadis.Certificate, kadis.Chain);

        var result = CmsSignatureVerifier.Verify(cms, TestSignatures.DigestOf(content), pki.Trust, pki.Now);

        Assert.True(result.SignatureValid);
        Assert.True(result.SigningCertificateV2Present);
        Assert.False(result.SigningCertificateV2Matches);
        Assert.Contains("signing-certificate-v2", result.Error);
        Assert.False(result.IntegrityValid);
    }

    [Fact]
    public async Task A_signature_time_stamp_token_in_the_unsigned_attributes_is_detected()
    {
        var signer = pki.Signer("kadis");
        var content = TestSignatures.Content();
        var cms = await TestSignatures.SignDetachedAsync(signer, content, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1);
        var timestamped = await TestSignatures.SignDetachedAsync(signer, content, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1,
            [TimestampTokens.SignatureTimestampAttribute(pki, cms)]);

        var result = CmsSignatureVerifier.Verify(timestamped, TestSignatures.DigestOf(content), pki.Trust, pki.Now);

        Assert.True(result.HasSignatureTimestamp);
        Assert.True(result.IntegrityValid);
        Assert.True(result.ChainTrusted);
    }

    [Fact]
    public void A_plain_CMS_from_BouncyCastle_with_a_signing_time_attribute_is_verified_and_the_attribute_reported()
    {
        using var keyReader = new StringReader(File.ReadAllText(pki.Pki["kadis"].KeyFile));
        var key = PrivateKeyFactory.CreateKey(new PemReader(keyReader).ReadPemObject().Content);
        var cert = CertificateInfo.Parse(pki.Signer("kadis").Certificate);
        var content = TestSignatures.Content();
        var generator = new CmsSignedDataGenerator();
        generator.AddSigner(key, cert, CmsSignedGenerator.DigestSha256);
        generator.AddCertificates(CollectionUtilities.CreateStore(new[] { cert, CertificateInfo.Parse(pki.IssuingDer) }));
        var cms = generator.Generate(new CmsProcessableByteArray(content), encapsulate: false).GetEncoded(Asn1Encodable.Der);

        var result = CmsSignatureVerifier.Verify(cms, TestSignatures.DigestOf(content), pki.Trust, pki.Now);

        Assert.True(result.IntegrityValid, result.Error);
        Assert.True(result.ChainTrusted, result.ChainError);
        Assert.True(result.SigningTimeAttributePresent);
        Assert.False(result.SigningCertificateV2Present);
    }

    [Fact]
    public async Task A_failure_inside_the_digest_callback_is_the_callers_and_propagates()
    {
        var cms = await TestSignatures.SignDetachedAsync(pki.Signer("kadis"), TestSignatures.Content(), DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1);

        Assert.Throws<IOException>(() => CmsSignatureVerifier.Verify(cms, _ => throw new IOException("disk gone"), pki.Trust, pki.Now));
    }

    [Fact]
    public void A_trust_file_without_any_certificate_is_refused_and_a_DER_file_is_accepted()
    {
        var error = Assert.Throws<CertificateException>(() => TrustStore.FromPemFiles([pki.Pki["kadis"].KeyFile]));
        var fromDer = TrustStore.FromPemFiles([Path.Combine(pki.Directory, "root-ca.cer")]);

        Assert.Equal(ErrorCodes.CertificateUnusable, error.Code);
        Assert.Equal(1, fromDer.Count);
        Assert.Equal(pki.RootDer, fromDer.Certificates[0].ToArray());
    }
}
