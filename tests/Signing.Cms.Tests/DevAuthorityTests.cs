using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Tsp;
using Signing.Cms.Revocation;
using TestSupport;

namespace Signing.Cms.Tests;

[Collection(DevPkiCollection.Name)]
public sealed class DevAuthorityTests(DevPkiFixture pki)
{
    [Fact]
    public void The_dev_TSA_answers_an_OpenSSL_query_with_a_reply_OpenSSL_verifies_under_the_dev_policy()
    {
        using var services = new DevServices(pki);
        using var files = new OpenSsl.TempFiles();
        var data = files.Write("data.bin", TestSignatures.Content(2048, seed: 5));
        var query = OpenSsl.Run("ts", "-query", "-data", data, "-sha256", "-cert", "-out", files.PathOf("q.tsq"));
        Assert.True(query.ExitCode == 0, query.Output);

        var reply = services.Authority.Timestamp(File.ReadAllBytes(files.PathOf("q.tsq")));

        var text = OpenSsl.Run("ts", "-reply", "-in", files.Write("r.tsr", reply), "-text");
        var verify = OpenSsl.Run("ts", "-verify", "-in", files.PathOf("r.tsr"), "-queryfile", files.PathOf("q.tsq"),
            "-CAfile", pki.Pki.RootCertificateFile, "-untrusted", pki.Pki.IssuingCertificateFile);
        Assert.True(verify.ExitCode == 0, verify.Output);
        Assert.Contains("Verification: OK", verify.Output);
        Assert.Contains("Status: Granted.", text.Output);
        Assert.Contains("Policy OID: 1.3.6.1.4.1.99999.1.1", text.Output);
        Assert.Contains("Accuracy: 0x01 seconds", text.Output);
        Assert.Contains("Ordering: no", text.Output);
    }

    [Fact]
    public void A_request_for_an_unknown_hash_algorithm_gets_a_rejection_not_a_token()
    {
        using var services = new DevServices(pki);
        var request = new TimeStampRequestGenerator().Generate(new Org.BouncyCastle.Asn1.DerObjectIdentifier("1.2.3.4.5"), new byte[32]);

        var response = new TimeStampResponse(services.Authority.Timestamp(request.GetEncoded()));

        Assert.Equal(2, response.Status); // PKIStatus rejection (RFC 3161 §2.4.2)
        Assert.Null(response.TimeStampToken);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x30, 0x00 })]
    [InlineData(new byte[] { 0x47, 0x45, 0x54 })]
    public void Bytes_that_are_no_request_are_a_DevPkiRequestException_for_both_services(byte[] garbage)
    {
        using var services = new DevServices(pki);

        Assert.Throws<DevPkiRequestException>(() => services.Authority.Timestamp(garbage));
        Assert.Throws<DevPkiRequestException>(() => services.Authority.Ocsp(garbage));
    }

    [Fact]
    public void OpenSSL_reads_good_for_an_official_and_revoked_with_reason_once_the_dev_CA_revoked_the_revoked_identity()
    {
        using var services = new DevServices(pki);
        using var files = new OpenSsl.TempFiles();
        string Ask(string name)
        {
            var request = OpenSsl.Run("ocsp", "-issuer", pki.Pki.IssuingCertificateFile, "-cert", pki.Pki[name].CertFile,
                "-reqout", files.PathOf(name + ".req"));
            Assert.True(request.ExitCode == 0, request.Output);
            var response = services.Authority.Ocsp(File.ReadAllBytes(files.PathOf(name + ".req")));
            // -cert makes openssl build a new request with a new nonce; the nonce echo is checked over HTTP (Signing.DevServices.Tests).
            var check = OpenSsl.Run("ocsp", "-no_nonce", "-respin", files.Write(name + ".resp", response), "-issuer", pki.Pki.IssuingCertificateFile,
                "-cert", pki.Pki[name].CertFile, "-CAfile", pki.Pki.RootCertificateFile, "-resp_text");
            Assert.True(check.ExitCode == 0, check.Output);
            Assert.Contains("Response verify OK", check.Output);
            return check.Output;
        }

        var goodBefore = Ask("revoked");
        services.Authority.Revoke("revoked", RevocationReason.KeyCompromise);
        var revoked = Ask("revoked");
        var kadis = Ask("kadis");

        Assert.Contains(": good", goodBefore);
        Assert.Contains(": revoked", revoked);
        Assert.Contains("Reason: keyCompromise", revoked);
        Assert.Contains(": good", kadis);
        Assert.Contains("Responder Id: ", kadis);
    }

    [Fact]
    public void A_certificate_the_issuing_CA_did_not_issue_is_unknown_to_its_responder()
    {
        using var services = new DevServices(pki);
        var root = CertificateInfo.Parse(pki.RootDer);
        var issuing = CertificateInfo.Parse(pki.IssuingDer);
        var generator = new OcspReqGenerator();
        generator.AddRequest(new CertificateID(CertificateID.DigestSha1, root, issuing.SerialNumber));
        generator.AddRequest(new CertificateID(CertificateID.DigestSha1, issuing, issuing.SerialNumber));

        var basic = (BasicOcspResp)new OcspResp(services.Authority.Ocsp(generator.Generate().GetEncoded())).GetResponseObject();

        Assert.Equal(2, basic.Responses.Length);
        Assert.All(basic.Responses, r => Assert.IsType<UnknownStatus>(r.GetCertStatus()));
    }

    [Fact]
    public void The_CRLs_verify_with_OpenSSL_and_list_exactly_the_revoked_certificates_of_their_CA()
    {
        using var services = new DevServices(pki);
        services.Authority.Revoke("revoked", RevocationReason.PrivilegeWithdrawn);
        services.Authority.Revoke("issuing-ca", RevocationReason.CaCompromise);
        using var files = new OpenSsl.TempFiles();

        var issuingCrl = OpenSsl.Run("crl", "-inform", "DER", "-in", files.Write("issuing.crl", services.Authority.Crl("issuing-ca")),
            "-CAfile", pki.Pki.IssuingCertificateFile, "-verify", "-noout", "-text");
        var rootCrl = OpenSsl.Run("crl", "-inform", "DER", "-in", files.Write("root.crl", services.Authority.Crl("root-ca")),
            "-CAfile", pki.Pki.RootCertificateFile, "-verify", "-noout", "-text");

        Assert.True(issuingCrl.ExitCode == 0, issuingCrl.Output);
        Assert.Contains("verify OK", issuingCrl.Output);
        Assert.Contains($"Serial Number: {pki.Pki["revoked"].SerialHex}", issuingCrl.Output);
        Assert.Contains("Privilege Withdrawn", issuingCrl.Output);
        Assert.DoesNotContain(pki.Pki["kadis"].SerialHex, issuingCrl.Output);
        Assert.Contains("verify OK", rootCrl.Output);
        Assert.Contains("CA Compromise", rootCrl.Output);
        Assert.DoesNotContain(pki.Pki["revoked"].SerialHex, rootCrl.Output);
    }

    [Fact]
    public void Revocations_persist_in_the_state_folder_so_another_process_sees_them()
    {
        using var services = new DevServices(pki);
        var entry = services.Authority.Revoke(pki.Pki["sekretaris"].SerialHex.ToLowerInvariant(), RevocationReason.Superseded);

        var other = DevAuthority.Load(pki.Directory, services.StateFolder);
        var fresh = DevAuthority.Load(pki.Directory, new TempDir().Path);

        Assert.Equal("sekretaris", entry.Name);
        Assert.Equal("issuing-ca", entry.Issuer);
        Assert.Equal([entry], other.Revocations);
        Assert.True(File.Exists(Path.Combine(services.StateFolder, "revocations.json")));
        Assert.Empty(fresh.Revocations);
        Assert.Equal(entry, services.Authority.Revoke("sekretaris", RevocationReason.KeyCompromise));
        Assert.True(other.Unrevoke("sekretaris"));
        Assert.Empty(services.Authority.Revocations);
    }

    [Fact]
    public void Only_dev_certificates_below_a_dev_CA_can_be_revoked()
    {
        using var services = new DevServices(pki);

        Assert.Throws<ArgumentException>(() => services.Authority.Revoke("nobody"));
        Assert.Throws<ArgumentException>(() => services.Authority.Revoke("root-ca"));
        Assert.Throws<ArgumentException>(() => services.Authority.Crl("kadis"));
    }
}
