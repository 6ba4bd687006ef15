using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Signing.Abstractions;
using ContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;
using SignedData = Org.BouncyCastle.Asn1.Cms.SignedData;
using SignerInfo = Org.BouncyCastle.Asn1.Cms.SignerInfo;

namespace Signing.Cms.Tests;

[Collection(DevPkiCollection.Name)]
public sealed class CadesSignedDataBuilderTests(DevPkiFixture pki)
{
    private static SignedData SignedDataOf(byte[] cms)
    {
        var contentInfo = ContentInfo.GetInstance(Asn1Object.FromByteArray(cms));
        Assert.Equal(CmsObjectIdentifiers.SignedData, contentInfo.ContentType);
        return SignedData.GetInstance(contentInfo.Content);
    }

    private static SignerInfo OnlySigner(SignedData signedData) =>
        SignerInfo.GetInstance(Assert.Single(signedData.SignerInfos.Cast<Asn1Encodable>()));

    [Fact]
    public async Task The_output_is_a_detached_version_1_SignedData_with_one_digest_algorithm_and_one_signer()
    {
        var signer = pki.Signer("kadis");
        var content = TestSignatures.Content();

        var cms = await TestSignatures.SignDetachedAsync(signer, content, DigestAlgorithm.Sha384, SignatureScheme.RsaPkcs1);
        var signedData = SignedDataOf(cms);

        Assert.Equal(cms, ContentInfo.GetInstance(Asn1Object.FromByteArray(cms)).GetEncoded(Asn1Encodable.Der));
        Assert.Equal(1, signedData.Version.IntValueExact);
        Assert.Equal(CmsObjectIdentifiers.Data, signedData.EncapContentInfo.ContentType);
        Assert.Null(signedData.EncapContentInfo.Content);
        var digestAlgorithm = AlgorithmIdentifier.GetInstance(Assert.Single(signedData.DigestAlgorithms.Cast<Asn1Encodable>()));
        Assert.Equal(NistObjectIdentifiers.IdSha384, digestAlgorithm.Algorithm);
        Assert.Null(digestAlgorithm.Parameters);
        Assert.Null(signedData.CRLs);
        var signerInfo = OnlySigner(signedData);
        Assert.Equal(1, signerInfo.Version.IntValueExact);
        Assert.Null(signerInfo.UnsignedAttrs);
    }

    [Fact]
    public async Task The_signer_is_identified_by_issuer_and_serial_number_and_its_attributes_are_embedded_byte_for_byte()
    {
        var signer = pki.Signer("sekretaris");
        var cert = CertificateInfo.Parse(signer.Certificate);
        var digest = TestSignatures.Digest(DigestAlgorithm.Sha256, TestSignatures.Content());
        var attributes = CadesSignedAttributes.Build(digest, DigestAlgorithm.Sha256, signer.Certificate);
        var signature = await signer.SignAsync(attributes, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1);

        var signerInfo = OnlySigner(SignedDataOf(CadesSignedDataBuilder.Build(
            attributes, signature, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1, signer.Certificate, signer.Chain)));

        Assert.False(signerInfo.SignerID.IsTagged);
        var sid = Org.BouncyCastle.Asn1.Cms.IssuerAndSerialNumber.GetInstance(signerInfo.SignerID.ID);
        Assert.Equal(cert.SerialNumber, sid.SerialNumber.Value);
        Assert.True(sid.Issuer.Equivalent(cert.IssuerDN));
        Assert.Equal(attributes, signerInfo.SignedAttrs.GetEncoded(Asn1Encodable.Der));
        Assert.Equal(signature, signerInfo.Signature.GetOctets());
    }

    [Fact]
    public async Task PKCS1_is_written_as_rsaEncryption_with_NULL_parameters()
    {
        var cms = await TestSignatures.SignDetachedAsync(pki.Signer("kadis"), TestSignatures.Content(),
            DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1);

        var algorithm = OnlySigner(SignedDataOf(cms)).SignatureAlgorithm;

        Assert.Equal(PkcsObjectIdentifiers.RsaEncryption, algorithm.Algorithm);
        Assert.Equal(DerNull.Instance, algorithm.Parameters);
    }

    [Fact]
    public async Task PSS_is_written_as_id_RSASSA_PSS_with_hash_MGF1_and_salt_length_spelled_out()
    {
        var cms = await TestSignatures.SignDetachedAsync(pki.Signer("kadis"), TestSignatures.Content(),
            DigestAlgorithm.Sha512, SignatureScheme.RsaPss);

        var algorithm = OnlySigner(SignedDataOf(cms)).SignatureAlgorithm;
        var parameters = RsassaPssParameters.GetInstance(algorithm.Parameters);

        Assert.Equal(PkcsObjectIdentifiers.IdRsassaPss, algorithm.Algorithm);
        Assert.Equal(NistObjectIdentifiers.IdSha512, parameters.HashAlgorithm.Algorithm);
        Assert.Equal(PkcsObjectIdentifiers.IdMgf1, parameters.MaskGenAlgorithm.Algorithm);
        Assert.Equal(NistObjectIdentifiers.IdSha512, AlgorithmIdentifier.GetInstance(parameters.MaskGenAlgorithm.Parameters).Algorithm);
        Assert.Equal(64, parameters.SaltLength.IntValueExact);
        Assert.Equal(1, parameters.TrailerField.IntValueExact);
    }

    [Fact]
    public async Task ECDSA_is_written_as_ecdsa_with_SHA384_without_parameters()
    {
        var cms = await TestSignatures.SignDetachedAsync(pki.Signer("kabid"), TestSignatures.Content(),
            DigestAlgorithm.Sha384, SignatureScheme.Ecdsa);

        var algorithm = OnlySigner(SignedDataOf(cms)).SignatureAlgorithm;

        Assert.Equal(X9ObjectIdentifiers.ECDsaWithSha384, algorithm.Algorithm);
        Assert.Null(algorithm.Parameters);
    }

    [Fact]
    public async Task The_certificates_are_the_signer_and_its_chain_each_once()
    {
        var signer = pki.Signer("eseal");
        var digest = TestSignatures.Digest(DigestAlgorithm.Sha256, TestSignatures.Content());
        var attributes = CadesSignedAttributes.Build(digest, DigestAlgorithm.Sha256, signer.Certificate);
        var signature = await signer.SignAsync(attributes, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1);
        ReadOnlyMemory<byte>[] chainWithDuplicates = [signer.Certificate, pki.IssuingDer, pki.RootDer, pki.IssuingDer];

        var cms = CadesSignedDataBuilder.Build(attributes, signature, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1,
            signer.Certificate, chainWithDuplicates);

        var certificates = SignedDataOf(cms).Certificates.Cast<Asn1Encodable>()
            .Select(c => Convert.ToHexString(c.GetEncoded(Asn1Encodable.Der))).ToList();
        Assert.Equal(3, certificates.Count);
        Assert.Equal(
            new[] { signer.Certificate.ToArray(), pki.IssuingDer, pki.RootDer }.Select(Convert.ToHexString).Order(),
            certificates.Order());
    }

    [Fact]
    public async Task Unsigned_attributes_are_added_to_the_signer_info_and_openssl_still_verifies()
    {
        var signer = pki.Signer("kadis");
        var content = TestSignatures.Content();
        var unsignedCms = await TestSignatures.SignDetachedAsync(signer, content, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1);
        var timestamp = TimestampTokens.SignatureTimestampAttribute(pki, unsignedCms);
        var signerInfo = OnlySigner(SignedDataOf(unsignedCms));

        var cms = CadesSignedDataBuilder.Build(signerInfo.SignedAttrs.GetEncoded(Asn1Encodable.Der),
            signerInfo.Signature.GetOctets(), DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1,
            signer.Certificate, signer.Chain, [timestamp]);

        var unsigned = OnlySigner(SignedDataOf(cms)).UnsignedAttrs;
        var attribute = Org.BouncyCastle.Asn1.Cms.Attribute.GetInstance(Assert.Single(unsigned.Cast<Asn1Encodable>()));
        Assert.Equal(PkcsObjectIdentifiers.IdAASignatureTimeStampToken, attribute.AttrType);
        Assert.Equal(0, OpenSsl.CmsVerify(cms, content, pki.Pki.RootCertificateFile).ExitCode);
    }

    [Theory]
    [InlineData("kadis", SignatureScheme.RsaPss, DigestAlgorithm.Sha512)]
    [InlineData("kabid", SignatureScheme.Ecdsa, DigestAlgorithm.Sha512)]
    public async Task The_estimate_covers_the_signature_and_the_timestamp_reserve_covers_a_real_token(
        string identity, SignatureScheme scheme, DigestAlgorithm digest)
    {
        var signer = pki.Signer(identity);
        var content = TestSignatures.Content();
        var maxSignature = CertificateInfo.MaxSignatureValueBytes(signer.Certificate);

        var cms = await TestSignatures.SignDetachedAsync(signer, content, digest, scheme);
        var withTimestamp = await TestSignatures.SignDetachedAsync(signer, content, digest, scheme,
            [TimestampTokens.SignatureTimestampAttribute(pki, cms)]);

        var estimate = CadesSignedDataBuilder.EstimateSize(signer.Certificate, signer.Chain, maxSignature, reserveForTimestamp: false);
        var estimateWithTimestamp = CadesSignedDataBuilder.EstimateSize(signer.Certificate, signer.Chain, maxSignature, reserveForTimestamp: true);
        Assert.InRange(cms.Length, estimate - CadesSignedDataBuilder.StructureOverheadBytes, estimate);
        Assert.InRange(withTimestamp.Length, cms.Length + 1, estimateWithTimestamp);
        Assert.Equal(estimate + 12 * 1024, estimateWithTimestamp);
    }

    [Fact]
    public async Task Signed_attributes_that_are_not_canonical_DER_are_refused_because_they_would_change_when_embedded()
    {
        var signer = pki.Signer("kadis");
        var digest = TestSignatures.Digest(DigestAlgorithm.Sha256, TestSignatures.Content());
        var der = CadesSignedAttributes.Build(digest, DigestAlgorithm.Sha256, signer.Certificate);
        var set = Asn1Set.GetInstance(Asn1Object.FromByteArray(der));
        var unsorted = new DerSequence(set.Cast<Asn1Encodable>().Reverse().ToArray()).GetEncoded();
        unsorted[0] = 0x31; // same elements, SET tag, but not in DER order
        var signature = await signer.SignAsync(unsorted, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1);

        Assert.Throws<ArgumentException>(() => CadesSignedDataBuilder.Build(unsorted, signature,
            DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1, signer.Certificate, signer.Chain));
    }

    [Fact]
    public async Task A_scheme_that_does_not_fit_the_signer_key_is_refused()
    {
        var signer = pki.Signer("kabid");
        var attributes = CadesSignedAttributes.Build(
            TestSignatures.Digest(DigestAlgorithm.Sha256, TestSignatures.Content()), DigestAlgorithm.Sha256, signer.Certificate);
        var signature = await signer.SignAsync(attributes, DigestAlgorithm.Sha256, SignatureScheme.Ecdsa);

        Assert.Throws<ArgumentException>(() => CadesSignedDataBuilder.Build(attributes, signature,
            DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1, signer.Certificate, signer.Chain));
    }
}
