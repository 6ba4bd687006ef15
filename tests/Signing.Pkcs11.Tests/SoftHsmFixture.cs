using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Signing.Abstractions;

namespace Signing.Pkcs11.Tests;

/// <summary>
/// Tokens shared by the SoftHSM tests, set up through the public API the way an operator would:
/// generate a key on the token, have a CA (openssl) issue a certificate from the token-signed CSR,
/// import it. The module is loaded once per process, so every test uses this one instance.
/// </summary>
public sealed class SoftHsmFixture : IDisposable
{
    /// <summary>Holds "rsa" (01), "ec" (02) and "ec384" (03), each with a certificate.</summary>
    public const string SigningToken = "signing";

    /// <summary>Never logged in by any test but the wrong-PIN ones, so they reach the real C_Login.</summary>
    public const string WrongPinToken = "wrong-pin";

    /// <summary>For the generate / CSR / import tests; each uses its own key label and id.</summary>
    public const string ProvisioningToken = "provisioning";

    public SoftHsmFixture()
    {
        // The dev PKI's tokens, exactly as developers get them. Must happen before Load: SoftHSM only
        // scans its token directory in C_Initialize.
        var certsDev = Path.Combine(SoftHsmEnvironment.RepositoryRoot(), "certs-dev");
        Manifest = Path.Combine(certsDev, "manifest.json");
        SoftHsmEnvironment.Run("bash", Path.Combine(certsDev, "provision-softhsm.sh"), SoftHsmEnvironment.Root);

        foreach (var label in new[] { SigningToken, WrongPinToken, ProvisioningToken })
        {
            SoftHsmEnvironment.Run("softhsm2-util", "--init-token", "--free", "--label", label,
                "--pin", SoftHsmEnvironment.UserPin, "--so-pin", SoftHsmEnvironment.SoPin);
        }

        CaKey = Path.Combine(SoftHsmEnvironment.Root, "ca.key");
        CaCertificate = Path.Combine(SoftHsmEnvironment.Root, "ca.pem");
        SoftHsmEnvironment.Run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
            "-nodes", "-keyout", CaKey, "-out", CaCertificate, "-subj", "/CN=Signing.Pkcs11 Test CA", "-days", "30");

        Module = Pkcs11Module.Load(SoftHsmEnvironment.ModulePath);
        Module.GenerateKey(WrongPinToken, SoftHsmEnvironment.UserPin, "sign", "0a", KeyAlgorithm.EcP256);
        RsaKey = Provision("rsa", "01", KeyAlgorithm.Rsa, "CN=Kepala Dinas,O=Pemkab Dev,C=ID");
        EcKey = Provision("ec", "02", KeyAlgorithm.EcP256, "CN=E-Seal Dinas,O=Pemkab Dev,C=ID");
        Ec384Key = Provision("ec384", "03", KeyAlgorithm.EcP384, "CN=Sekretaris,O=Pemkab Dev,C=ID");
    }

    public Pkcs11Module Module { get; }

    /// <summary>certs-dev/manifest.json, whose token identities the fixture provisioned.</summary>
    public string Manifest { get; }

    public string CaKey { get; }

    public string CaCertificate { get; }

    public Pkcs11KeyReference RsaKey { get; }

    public Pkcs11KeyReference EcKey { get; }

    public Pkcs11KeyReference Ec384Key { get; }

    public Pkcs11RawSigner OpenSigner(Pkcs11KeyReference key) => Module.OpenSigner(key, SoftHsmEnvironment.UserPin);

    /// <summary>Has the test CA issue a 30-day certificate (DER) for a DER PKCS#10 request.</summary>
    public byte[] Issue(byte[] csrDer)
    {
        var csr = SoftHsmEnvironment.NewFile("req.der");
        var certificate = SoftHsmEnvironment.NewFile("cert.der");
        File.WriteAllBytes(csr, csrDer);
        // openssl x509 -req checks the request's self-signature before issuing.
        SoftHsmEnvironment.Run("openssl", "x509", "-req", "-inform", "DER", "-in", csr, "-CA", CaCertificate,
            "-CAkey", CaKey, "-set_serial", $"0x{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}",
            "-days", "30", "-outform", "DER", "-out", certificate);
        return File.ReadAllBytes(certificate);
    }

    /// <summary>
    /// The public key as pkcs11-tool reads it off the token — independent of the code under test, so
    /// signatures are checked against the token's key rather than against our own export.
    /// </summary>
    public static AsymmetricAlgorithm TokenPublicKey(string token, string idHex)
    {
        var file = SoftHsmEnvironment.NewFile("pub.der");
        var (exitCode, _) = SoftHsmEnvironment.TryRun("pkcs11-tool", "--module", SoftHsmEnvironment.ModulePath,
            "--token-label", token, "--read-object", "--type", "pubkey", "--id", idHex, "-o", file);
        if (exitCode != 0)
        {
            // This pkcs11-tool cannot export P-384 keys ("cannot create EVP_PKEY"); its listing still
            // shows the point, DER-wrapped as CKA_EC_POINT holds it.
            var listing = TokenObject(token, "Public Key Object", idHex, login: false);
            var point = Convert.FromHexString(Regex.Match(listing, @"EC_POINT:\s+([0-9a-f]+)").Groups[1].Value)[2..];
            var size = (point.Length - 1) / 2;
            return ECDsa.Create(new ECParameters
            {
                Curve = size == 48 ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = point[1..(1 + size)], Y = point[(1 + size)..] },
            });
        }

        var spki = File.ReadAllBytes(file);
        try
        {
            var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(spki, out _);
            return rsa;
        }
        catch (CryptographicException)
        {
            var ec = ECDsa.Create();
            ec.ImportSubjectPublicKeyInfo(spki, out _);
            return ec;
        }
    }

    /// <summary>
    /// One object's block from pkcs11-tool's listing ("Private Key Object; RSA" …), found by CKA_ID; this
    /// pkcs11-tool ignores --id and --label when listing, so the filtering is done here.
    /// </summary>
    public static string TokenObject(string token, string kind, string idHex, bool login = true)
    {
        string[] arguments = ["--module", SoftHsmEnvironment.ModulePath, "--token-label", token, "--list-objects"];
        var listing = SoftHsmEnvironment.Run("pkcs11-tool", login ? [.. arguments, "--login", "--pin", SoftHsmEnvironment.UserPin] : arguments);
        var blocks = Regex.Split(listing, @"\n(?=\S)").Where(b => b.StartsWith(kind, StringComparison.Ordinal));
        return Assert.Single(blocks, b => Regex.IsMatch(b, $@"^\s+ID:\s+{idHex}$", RegexOptions.Multiline));
    }

    public void Dispose()
    {
        Module.Dispose();
        try
        {
            Directory.Delete(SoftHsmEnvironment.Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: it is a temp folder.
        }
    }

    private Pkcs11KeyReference Provision(string label, string idHex, KeyAlgorithm algorithm, string subject)
    {
        Module.GenerateKey(SigningToken, SoftHsmEnvironment.UserPin, label, idHex, algorithm);
        var csr = Module.CreateCertificationRequest(SigningToken, SoftHsmEnvironment.UserPin, label, subject);
        Module.ImportCertificate(SigningToken, SoftHsmEnvironment.UserPin, Issue(csr));
        return new Pkcs11KeyReference(SoftHsmEnvironment.ModulePath, SigningToken, null, label, idHex);
    }
}

[CollectionDefinition(Name)]
public sealed class SoftHsmCollection : ICollectionFixture<SoftHsmFixture>
{
    public const string Name = "SoftHSM";
}
