using TestSupport;

namespace SigningCli.Tests;

/// <summary>
/// The whole life of a key on a fresh token, through the CLI only: generate on the token, request a
/// certificate, have the (dev) CA issue it, import it next to the key, and sign with it.
/// </summary>
public sealed class TokenCommandTests
{
    [Theory]
    [InlineData("rsa2048")]
    [InlineData("ec-p256")]
    [InlineData("ec-p384")]
    public void A_key_generated_on_a_token_gets_a_certificate_and_signs_a_pdf_that_validates(string algorithm)
    {
        using var temp = new TempDir();
        var conf = FreshToken(temp, "opd-test");
        var env = new Dictionary<string, string>(Cli.Secrets) { ["SOFTHSM2_CONF"] = conf };
        string[] module = ["--pkcs11-module", SoftHsmEnvironment.ModulePath];

        var list = Cli.Run(["token", "list", .. module], env);
        Assert.True(list.ExitCode == 0, list.All);
        Assert.Contains("'opd-test'", list.StdOut);

        var keygen = Cli.Run(["token", "keygen", .. module, "--token", "opd-test", "--pin-env", "TEST_PIN", "--label", "ttd", "--id", "a1b2c3", "--algorithm", algorithm], env);
        Assert.True(keygen.ExitCode == 0, keygen.All);

        var csr = temp.File("req.pem");
        var request = Cli.Run(["token", "csr", .. module, "--token", "opd-test", "--pin-env", "TEST_PIN", "--key", "ttd",
            "--subject", "CN=Rina Wulandari,T=Kepala Bidang,O=Pemerintah Kota Malang,C=ID", "-o", csr], env);
        Assert.True(request.ExitCode == 0, request.All);
        Assert.Equal(0, ExternalTool.Run("openssl", "req", "-in", csr, "-verify", "-noout").ExitCode);

        var cert = temp.File("issued.pem");
        // The profile a real CA issues (and poppler needs: with -no-ocsp it refuses a leaf without a CRL DP).
        File.WriteAllText(temp.File("ext.cnf"), string.Join('\n',
            "basicConstraints=critical,CA:FALSE",
            "keyUsage=critical,digitalSignature,nonRepudiation",
            "extendedKeyUsage=emailProtection,1.3.6.1.5.5.7.3.36",
            "subjectKeyIdentifier=hash",
            "authorityKeyIdentifier=keyid",
            "authorityInfoAccess=OCSP;URI:http://localhost:5080/dev-pki/ocsp,caIssuers;URI:http://localhost:5080/dev-pki/issuing-ca.cer",
            "crlDistributionPoints=URI:http://localhost:5080/dev-pki/issuing-ca.crl", ""));
        var issue = ExternalTool.Run("openssl", ["x509", "-req", "-in", csr, "-CA", Path.Combine(RepoPaths.CertsDev, "issuing-ca.pem"),
            "-CAkey", Path.Combine(RepoPaths.CertsDev, "issuing-ca.key.pem"), "-CAcreateserial", "-CAserial", temp.File("serial"),
            "-days", "30", "-sha384", "-extfile", temp.File("ext.cnf"), "-out", cert]);
        Assert.True(issue.ExitCode == 0, issue.All);

        var import = Cli.Run(["token", "import-cert", .. module, "--token", "opd-test", "--pin-env", "TEST_PIN", "--cert", cert], env);
        Assert.True(import.ExitCode == 0, import.All);
        var keys = Cli.Run(["token", "keys", .. module, "--token", "opd-test", "--pin-env", "TEST_PIN"], env);
        Assert.Contains("Rina Wulandari", keys.StdOut);

        var signed = temp.File("signed.pdf");
        var sign = Cli.Run(["sign", RepoPaths.RealWorld("cups-default.pdf"), "-o", signed, .. module, "--token", "opd-test", "--key", "ttd",
            "--pin-env", "TEST_PIN", "--chain", RepoPaths.DevChain, "--qr-url", Cli.QrUrl], env);
        Assert.True(sign.ExitCode == 0, sign.All);
        var pdfsig = Assert.Single(IndependentValidators.Pdfsig(signed));
        Assert.True(pdfsig.SignatureValid && pdfsig.CertificateTrusted, pdfsig.Block);
    }

    [Fact]
    public void An_unknown_token_label_is_reported_as_token_not_present()
    {
        var result = Cli.Run(["sign", RepoPaths.RealWorld("cups-default.pdf"), "-o", "/tmp/never.pdf",
            "--pkcs11-module", SoftHsmEnvironment.ModulePath, "--token", "no-such-token", "--key", "sign", "--pin-env", "TEST_PIN", "--invisible"], Cli.Secrets);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error [token-not-present]", result.StdErr);
    }

    private static string FreshToken(TempDir temp, string label)
    {
        var tokens = Directory.CreateDirectory(Path.Combine(temp.Path, "tokens")).FullName;
        var conf = temp.File("softhsm2.conf");
        File.WriteAllText(conf, $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n");
        var init = ExternalTool.Run("softhsm2-util", ["--init-token", "--free", "--label", label, "--pin", DevIdentity.Pin, "--so-pin", "12345678"],
            environment: new Dictionary<string, string> { ["SOFTHSM2_CONF"] = conf });
        Assert.True(init.ExitCode == 0, init.All);
        return conf;
    }
}
