using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signing.Abstractions;

namespace Signing.Pkcs11.Tests;

/// <summary>Listing, generating keys, CSRs and certificate import — the token lifecycle an operator runs.</summary>
[Collection(SoftHsmCollection.Name)]
public sealed class ProvisioningTests(SoftHsmFixture hsm)
{
    private const string Token = SoftHsmFixture.ProvisioningToken;
    private static readonly string Pin = SoftHsmEnvironment.UserPin;

    [Fact]
    public void ListTokens_shows_the_initialised_tokens_and_SoftHSMs_blank_slot()
    {
        var tokens = hsm.Module.ListTokens();

        var signing = Assert.Single(tokens, t => t.Label == SoftHsmFixture.SigningToken);
        Assert.Equal("SoftHSM project", signing.Manufacturer);
        Assert.Equal("SoftHSM v2", signing.Model);
        Assert.Matches("^[0-9a-f]{16}$", signing.Serial);
        Assert.True(signing.LoginRequired);
        Assert.True(signing.Initialized);
        Assert.False(signing.PinLocked);
        Assert.Contains(tokens, t => !t.Initialized);
    }

    [Fact]
    public void ListKeys_shows_each_key_with_its_algorithm_size_and_certificate()
    {
        var keys = hsm.Module.ListKeys(SoftHsmFixture.SigningToken, Pin).ToDictionary(k => k.Label);

        Assert.Equal(new Pkcs11KeyInfo("rsa", "01", KeyAlgorithm.Rsa, 2048, "CN=Kepala Dinas, O=Pemkab Dev, C=ID", keys["rsa"].CertificateNotAfter), keys["rsa"]);
        Assert.Equal((KeyAlgorithm.EcP256, 256, "02"), (keys["ec"].Algorithm, keys["ec"].KeySizeBits, keys["ec"].IdHex));
        Assert.Equal((KeyAlgorithm.EcP384, 384, "03"), (keys["ec384"].Algorithm, keys["ec384"].KeySizeBits, keys["ec384"].IdHex));
        Assert.InRange(keys["rsa"].CertificateNotAfter!.Value, DateTimeOffset.UtcNow.AddDays(29), DateTimeOffset.UtcNow.AddDays(31));
    }

    [Theory]
    [InlineData(KeyAlgorithm.Rsa, 3072, "b1")]
    [InlineData(KeyAlgorithm.EcP384, 384, "b2")]
    public void A_generated_key_is_sensitive_never_extractable_and_can_only_sign(KeyAlgorithm algorithm, int bits, string id)
    {
        var info = hsm.Module.GenerateKey(Token, Pin, $"guarded-{id}", id, algorithm, rsaBits: 3072);

        Assert.Equal(new Pkcs11KeyInfo($"guarded-{id}", id, algorithm, bits, null, null), info);
        var listing = SoftHsmFixture.TokenObject(Token, "Private Key Object", id);
        Assert.Contains("never extractable", listing);
        Assert.Contains("always sensitive", listing);
        Assert.Matches(@"Usage:\s+sign\n", listing); // not SoftHSM's default "sign, unwrap" / "sign, derive"
    }

    [Fact]
    public void Generating_a_second_key_under_a_used_label_or_id_is_refused()
    {
        hsm.Module.GenerateKey(Token, Pin, "taken", "c1", KeyAlgorithm.EcP256);

        Assert.Throws<ArgumentException>(() => hsm.Module.GenerateKey(Token, Pin, "taken", "c2", KeyAlgorithm.EcP256));
        Assert.Throws<ArgumentException>(() => hsm.Module.GenerateKey(Token, Pin, "other", "c1", KeyAlgorithm.EcP256));
    }

    [Theory]
    [InlineData(KeyAlgorithm.Rsa, "d1")]
    [InlineData(KeyAlgorithm.EcP256, "d2")]
    public void A_CSR_signed_on_the_token_verifies_with_openssl_and_carries_the_tokens_public_key(KeyAlgorithm algorithm, string id)
    {
        hsm.Module.GenerateKey(Token, Pin, $"csr-{id}", id, algorithm);

        var der = hsm.Module.CreateCertificationRequest(Token, Pin, id, "CN=Camat Dev,OU=Kecamatan,C=ID", DigestAlgorithm.Sha384);

        var file = SoftHsmEnvironment.NewFile("csr.der");
        File.WriteAllBytes(file, der);
        var (exitCode, output) = SoftHsmEnvironment.TryRun("openssl", "req", "-verify", "-inform", "DER", "-in", file, "-noout");
        Assert.True(exitCode == 0, output);
        Assert.Contains("verify OK", output);
        var request = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA384);
        using var tokenKey = SoftHsmFixture.TokenPublicKey(Token, id);
        Assert.Equal("CN=Camat Dev, OU=Kecamatan, C=ID", request.SubjectName.Name);
        Assert.Equal(tokenKey.ExportSubjectPublicKeyInfo(), request.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task A_certificate_issued_from_the_CSR_is_imported_under_the_keys_id_and_found_by_OpenSigner()
    {
        hsm.Module.GenerateKey(Token, Pin, "official", "e1", KeyAlgorithm.EcP256);
        var issued = hsm.Issue(hsm.Module.CreateCertificationRequest(Token, Pin, "official", "CN=Lurah Dev,C=ID"));

        hsm.Module.ImportCertificate(Token, Pin, issued, label: "official-cert");
        hsm.Module.ImportCertificate(Token, Pin, issued); // again: nothing changes

        using var signer = hsm.Module.OpenSigner(new Pkcs11KeyReference(SoftHsmEnvironment.ModulePath, Token, null, null, "E1"), Pin);
        Assert.Equal(issued, signer.Certificate.ToArray());
        Assert.Equal("official", signer.KeyLabel);
        var data = RandomNumberGenerator.GetBytes(120);
        var signature = await signer.SignAsync(data, DigestAlgorithm.Sha256, SignatureScheme.Ecdsa);
        using var certificate = X509CertificateLoader.LoadCertificate(issued);
        using var certificateKey = certificate.GetECDsaPublicKey()!;
        Assert.True(certificateKey.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        var stored = SoftHsmFixture.TokenObject(Token, "Certificate Object", "e1"); // exactly one
        Assert.Contains("label:      official-cert", stored);
    }

    [Fact]
    public void A_certificate_for_a_key_that_is_not_on_the_token_cannot_be_imported()
    {
        var key = SoftHsmEnvironment.NewFile("foreign.key");
        var csr = SoftHsmEnvironment.NewFile("foreign.csr");
        SoftHsmEnvironment.Run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", key, "-subj", "/CN=Someone Else", "-outform", "DER", "-out", csr);
        var foreign = hsm.Issue(File.ReadAllBytes(csr));

        var error = Assert.Throws<KeyAccessException>(() => hsm.Module.ImportCertificate(Token, Pin, foreign));

        Assert.Equal(ErrorCodes.KeyNotFound, error.Code);
    }

    [Fact]
    public void A_key_without_a_certificate_opens_only_when_the_caller_supplies_one_that_matches()
    {
        hsm.Module.GenerateKey(Token, Pin, "bare", "f1", KeyAlgorithm.Rsa);
        var key = new Pkcs11KeyReference(SoftHsmEnvironment.ModulePath, Token, null, "bare", "f1");
        var missing = Assert.Throws<KeyAccessException>(() => hsm.Module.OpenSigner(key, Pin));
        using var other = hsm.OpenSigner(hsm.EcKey);

        var mismatch = Assert.Throws<CertificateException>(() => hsm.Module.OpenSigner(key, Pin, other.Certificate));
        var issued = hsm.Issue(hsm.Module.CreateCertificationRequest(Token, Pin, "bare", "CN=Bare"));
        using var signer = hsm.Module.OpenSigner(key, Pin, issued);

        Assert.Equal(ErrorCodes.CertificateNotFound, missing.Code);
        Assert.Equal(ErrorCodes.CertificateKeyMismatch, mismatch.Code);
        Assert.Equal(issued, signer.Certificate.ToArray());
    }
}
