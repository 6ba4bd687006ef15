using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Signing.Abstractions;
using AttributeTable = Org.BouncyCastle.Asn1.Cms.AttributeTable;

namespace Signing.Cms.Tests;

[Collection(DevPkiCollection.Name)]
public sealed class CadesSignedAttributesTests(DevPkiFixture pki)
{
    private static AttributeTable Parse(byte[] der) => new(Asn1Set.GetInstance(Asn1Object.FromByteArray(der)));

    [Fact]
    public void The_attributes_are_a_DER_SET_of_content_type_message_digest_and_signing_certificate_v2_only()
    {
        var digest = TestSignatures.Digest(DigestAlgorithm.Sha256, TestSignatures.Content());

        var der = CadesSignedAttributes.Build(digest, DigestAlgorithm.Sha256, pki.Signer("kadis").Certificate);

        Assert.Equal(0x31, der[0]);
        var set = Asn1Set.GetInstance(Asn1Object.FromByteArray(der));
        Assert.Equal(der, set.GetEncoded(Asn1Encodable.Der));
        var oids = set.Cast<Asn1Encodable>().Select(a => Org.BouncyCastle.Asn1.Cms.Attribute.GetInstance(a).AttrType).ToList();
        Assert.Equal(3, oids.Count);
        Assert.Contains(CmsAttributes.ContentType, oids);
        Assert.Contains(CmsAttributes.MessageDigest, oids);
        Assert.Contains(PkcsObjectIdentifiers.IdAASigningCertificateV2, oids);
        Assert.DoesNotContain(CmsAttributes.SigningTime, oids);
    }

    [Fact]
    public void Content_type_is_id_data_and_message_digest_is_the_document_digest()
    {
        var digest = TestSignatures.Digest(DigestAlgorithm.Sha512, TestSignatures.Content());

        var table = Parse(CadesSignedAttributes.Build(digest, DigestAlgorithm.Sha512, pki.Signer("kadis").Certificate));

        Assert.Equal(CmsObjectIdentifiers.Data, table[CmsAttributes.ContentType].AttrValues[0]);
        Assert.Equal(digest, Asn1OctetString.GetInstance(table[CmsAttributes.MessageDigest].AttrValues[0]).GetOctets());
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sha384)]
    [InlineData(DigestAlgorithm.Sha512)]
    public void Signing_certificate_v2_names_the_signer_by_hash_and_issuer_serial(DigestAlgorithm digestAlgorithm)
    {
        var signer = pki.Signer("kabid");
        var cert = CertificateInfo.Parse(signer.Certificate);
        var digest = TestSignatures.Digest(digestAlgorithm, TestSignatures.Content());

        var table = Parse(CadesSignedAttributes.Build(digest, digestAlgorithm, signer.Certificate));
        var ess = SigningCertificateV2.GetInstance(table[PkcsObjectIdentifiers.IdAASigningCertificateV2].AttrValues[0]);

        var id = Assert.Single(ess.GetCerts());
        Assert.Equal(CmsAlgorithms.DigestOid(digestAlgorithm), id.HashAlgorithm.Algorithm);
        Assert.Equal(CmsAlgorithms.Hash(digestAlgorithm, signer.Certificate.Span), id.GetCertHash());
        Assert.Equal(cert.SerialNumber, id.IssuerSerial.Serial.Value);
        var issuer = Assert.Single(id.IssuerSerial.Issuer.GetNames());
        Assert.True(X509Name.GetInstance(issuer.Name).Equivalent(cert.IssuerDN));
    }

    [Fact]
    public void The_default_SHA_256_hash_algorithm_is_omitted_from_ESSCertIDv2_as_DER_requires()
    {
        var signer = pki.Signer("kadis");
        var digest = TestSignatures.Digest(DigestAlgorithm.Sha256, TestSignatures.Content());

        var table = Parse(CadesSignedAttributes.Build(digest, DigestAlgorithm.Sha256, signer.Certificate));
        var signingCertificate = Asn1Sequence.GetInstance(table[PkcsObjectIdentifiers.IdAASigningCertificateV2].AttrValues[0]);
        var essCertId = Asn1Sequence.GetInstance(Asn1Sequence.GetInstance(signingCertificate[0])[0]);

        Assert.IsAssignableFrom<Asn1OctetString>(essCertId[0]);
        Assert.Equal(NistObjectIdentifiers.IdSha256, EssCertIDv2.GetInstance(essCertId).HashAlgorithm.Algorithm);
    }

    [Fact]
    public void Building_twice_from_the_same_inputs_gives_the_same_bytes()
    {
        var digest = TestSignatures.Digest(DigestAlgorithm.Sha384, TestSignatures.Content());
        var cert = pki.Signer("eseal").Certificate;

        Assert.Equal(
            CadesSignedAttributes.Build(digest, DigestAlgorithm.Sha384, cert),
            CadesSignedAttributes.Build(digest, DigestAlgorithm.Sha384, cert));
    }

    [Fact]
    public void A_digest_of_the_wrong_length_for_the_algorithm_is_refused()
    {
        var sha256 = TestSignatures.Digest(DigestAlgorithm.Sha256, TestSignatures.Content());

        Assert.Throws<ArgumentException>(
            () => CadesSignedAttributes.Build(sha256, DigestAlgorithm.Sha384, pki.Signer("kadis").Certificate));
    }

    [Fact]
    public void A_signer_certificate_that_is_not_DER_X509_is_a_certificate_exception()
    {
        var digest = TestSignatures.Digest(DigestAlgorithm.Sha256, TestSignatures.Content());

        var error = Assert.Throws<CertificateException>(
            () => CadesSignedAttributes.Build(digest, DigestAlgorithm.Sha256, new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 }));

        Assert.Equal(ErrorCodes.CertificateUnusable, error.Code);
    }
}
