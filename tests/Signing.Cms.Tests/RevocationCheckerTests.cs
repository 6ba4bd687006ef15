using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities.IO.Pem;
using Signing.Cms.Revocation;

namespace Signing.Cms.Tests;

[Collection(DevPkiCollection.Name)]
public sealed class RevocationCheckerTests(DevPkiFixture pki)
{
    [Fact]
    public async Task Embedded_data_alone_proves_the_whole_chain_good_offline()
    {
        using var services = new DevServices(pki);
        var chain = Ltv.ChainOf(pki, "kadis");
        var data = await new RevocationFetcher(services.Http).FetchAsync(chain, CancellationToken.None);
        var requestsBefore = services.Handler.Requests;

        var statuses = RevocationChecker.CheckChain(chain, data, DateTimeOffset.UtcNow);

        Assert.Equal(requestsBefore, services.Handler.Requests);
        Assert.Equal([RevocationSource.Ocsp, RevocationSource.Crl], statuses.Select(s => s.Source));
        Assert.All(statuses, s => Assert.Equal(RevocationStatus.Good, s.Status));
        Assert.All(statuses, s => Assert.Null(s.Note));
    }

    [Fact]
    public async Task A_revocation_after_the_signing_time_leaves_the_signature_good_then_but_revoked_afterwards()
    {
        using var services = new DevServices(pki);
        var signedAt = DateTimeOffset.UtcNow.AddMinutes(-10);
        services.Authority.Revoke("revoked", RevocationReason.CessationOfOperation);
        var chain = Ltv.ChainOf(pki, "revoked");
        var data = await new RevocationFetcher(services.Http).FetchAsync(chain, CancellationToken.None);

        var atSigning = RevocationChecker.Check(chain[0], chain[1], data, signedAt);
        var now = RevocationChecker.Check(chain[0], chain[1], data, DateTimeOffset.UtcNow.AddSeconds(1));

        Assert.Equal(RevocationStatus.Good, atSigning.Status);
        Assert.True(atSigning.RevokedLater);
        Assert.Contains("revoked later", atSigning.Describe());
        Assert.Equal(RevocationStatus.Revoked, now.Status);
        Assert.Equal(RevocationReason.CessationOfOperation, now.Reason);
        Assert.Contains("cessation of operation", now.Describe());
    }

    [Fact]
    public async Task Without_OCSP_responses_the_embedded_CRL_decides()
    {
        using var services = new DevServices(pki);
        services.Authority.Revoke("revoked");
        var chain = Ltv.ChainOf(pki, "revoked");
        var data = await new RevocationFetcher(services.Http).FetchAsync(chain, CancellationToken.None);
        var crl = services.Authority.Crl("issuing-ca");

        var status = RevocationChecker.Check(chain[0], chain[1], data with { OcspResponses = [], Crls = [crl] }, DateTimeOffset.UtcNow.AddSeconds(1));

        Assert.Equal(RevocationStatus.Revoked, status.Status);
        Assert.Equal(RevocationSource.Crl, status.Source);
        Assert.Equal(RevocationReason.KeyCompromise, status.Reason);
    }

    [Fact]
    public async Task Nothing_usable_embedded_is_unknown_with_the_reason_and_never_an_exception()
    {
        using var services = new DevServices(pki);
        var chain = Ltv.ChainOf(pki, "kadis");
        var data = await new RevocationFetcher(services.Http).FetchAsync(chain, CancellationToken.None);
        var tampered = (byte[])data.OcspResponses[0].Clone();
        var signature = ((BasicOcspResp)new OcspResp(tampered).GetResponseObject()).GetSignature();
        tampered[tampered.AsSpan().IndexOf(signature) + 7] ^= 0x01;

        var none = RevocationChecker.Check(chain[0], chain[1], RevocationData.Empty, DateTimeOffset.UtcNow);
        var bad = RevocationChecker.Check(chain[0], chain[1], data with { OcspResponses = [tampered, [0x30, 0x00]], Crls = [[1, 2, 3]] }, DateTimeOffset.UtcNow);
        var otherCertificate = RevocationChecker.Check(Ltv.CertificateOf(pki, "sekretaris"), chain[1], data with { Crls = [] }, DateTimeOffset.UtcNow);

        Assert.Equal(RevocationStatus.Unknown, none.Status);
        Assert.Contains("no embedded OCSP response or CRL", none.Note);
        Assert.Equal(RevocationStatus.Unknown, bad.Status);
        Assert.Contains("signature does not verify", bad.Note);
        Assert.Contains("not a readable CRL", bad.Note);
        Assert.Equal(RevocationStatus.Unknown, otherCertificate.Status);
    }

    [Fact]
    public void An_OCSP_response_signed_by_a_certificate_without_OCSPSigning_is_not_believed()
    {
        var kadis = CertificateInfo.Parse(Ltv.CertificateOf(pki, "kadis"));
        var issuing = CertificateInfo.Parse(pki.IssuingDer);
        var sekretaris = CertificateInfo.Parse(Ltv.CertificateOf(pki, "sekretaris"));
        using var reader = new StringReader(File.ReadAllText(pki.Pki["sekretaris"].KeyFile));
        var sekretarisKey = PrivateKeyFactory.CreateKey(new PemReader(reader).ReadPemObject().Content);
        var generator = new BasicOcspRespGenerator(new RespID(sekretaris.SubjectDN));
        generator.AddResponse(new CertificateID(CertificateID.DigestSha1, issuing, kadis.SerialNumber), CertificateStatus.Good,
            DateTime.UtcNow, DateTime.UtcNow.AddHours(1), null);
        var forged = new OCSPRespGenerator().Generate(OCSPRespGenerator.Successful,
            generator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", sekretarisKey), [sekretaris], DateTime.UtcNow)).GetEncoded();

        var status = RevocationChecker.Check(kadis.GetEncoded(), pki.IssuingDer,
            new RevocationData([], [forged], [], []), DateTimeOffset.UtcNow);

        Assert.Equal(RevocationStatus.Unknown, status.Status);
        Assert.Contains("lacks id-kp-OCSPSigning", status.Note);
    }
}
