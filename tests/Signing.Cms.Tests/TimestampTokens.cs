using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Pkcs;
using SignedData = Org.BouncyCastle.Asn1.Cms.SignedData;
using SignerInfo = Org.BouncyCastle.Asn1.Cms.SignerInfo;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.Utilities.IO.Pem;
using Org.BouncyCastle.X509;
using Signing.Abstractions;

namespace Signing.Cms.Tests;

/// <summary>A real RFC 3161 token from the dev TSA key, over a signature value (RFC 3161 Appendix A).</summary>
internal static class TimestampTokens
{
    public static (string Oid, byte[] ValueDer) SignatureTimestampAttribute(DevPkiFixture pki, byte[] cms)
    {
        var signedData = SignedData.GetInstance(Org.BouncyCastle.Asn1.Cms.ContentInfo.GetInstance(Asn1Object.FromByteArray(cms)).Content);
        var signatureValue = SignerInfo.GetInstance(signedData.SignerInfos[0]).Signature.GetOctets();

        using var keyReader = new StringReader(File.ReadAllText(pki.Pki["tsa"].KeyFile));
        var key = PrivateKeyFactory.CreateKey(new PemReader(keyReader).ReadPemObject().Content);
        var tsaCert = CertificateInfo.Parse(PemCertificates.Read(File.ReadAllText(pki.Pki["tsa"].CertFile))[0]);

        var generator = new TimeStampTokenGenerator(key, tsaCert, TspAlgorithms.Sha256, "1.3.6.1.4.1.99999.1");
        generator.SetCertificates(CollectionUtilities.CreateStore(new[] { tsaCert, CertificateInfo.Parse(pki.IssuingDer) }));
        var requestGenerator = new TimeStampRequestGenerator();
        requestGenerator.SetCertReq(true);
        var request = requestGenerator.Generate(TspAlgorithms.Sha256, CmsAlgorithms.Hash(DigestAlgorithm.Sha256, signatureValue), BigInteger.ValueOf(7));
        var token = generator.Generate(request, BigInteger.ValueOf(1), pki.Now.UtcDateTime);

        return (PkcsObjectIdentifiers.IdAASignatureTimeStampToken.Id, token.GetEncoded());
    }
}
