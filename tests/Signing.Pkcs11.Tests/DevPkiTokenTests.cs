using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Signing.Abstractions;

namespace Signing.Pkcs11.Tests;

/// <summary>The tokens certs-dev/provision-softhsm.sh makes from the dev PKI work end to end.</summary>
[Collection(SoftHsmCollection.Name)]
public sealed class DevPkiTokenTests(SoftHsmFixture hsm)
{
    [Fact]
    public async Task Every_token_identity_in_the_dev_manifest_signs_with_its_own_certificate()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(hsm.Manifest));
        var identities = manifest.RootElement.GetProperty("identities").EnumerateArray()
            .Where(i => i.TryGetProperty("tokenLabel", out var label) && label.ValueKind == JsonValueKind.String)
            .ToList();
        Assert.NotEmpty(identities);

        foreach (var identity in identities)
        {
            var key = new Pkcs11KeyReference(SoftHsmEnvironment.ModulePath, identity.GetProperty("tokenLabel").GetString(), null,
                identity.GetProperty("keyLabel").GetString(), identity.GetProperty("idHex").GetString());
            using var expected = X509CertificateLoader.LoadCertificateFromFile(
                Path.Combine(Path.GetDirectoryName(hsm.Manifest)!, identity.GetProperty("certFile").GetString()!));
            using var signer = hsm.Module.OpenSigner(key, SoftHsmEnvironment.UserPin);
            var data = RandomNumberGenerator.GetBytes(250);

            var signature = await signer.SignAsync(data, DigestAlgorithm.Sha256, CryptoDefaults.DefaultScheme(signer.KeyAlgorithm));

            Assert.Equal(expected.RawData, signer.Certificate.ToArray());
            using var rsa = expected.GetRSAPublicKey();
            using var ec = expected.GetECDsaPublicKey();
            Assert.True(rsa?.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                        ?? ec!.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence),
                $"{identity.GetProperty("name")}: signature does not verify");
        }
    }

    [Fact]
    public void Running_the_provisioning_script_again_changes_nothing()
    {
        var output = SoftHsmEnvironment.Run("bash",
            Path.Combine(SoftHsmEnvironment.RepositoryRoot(), "certs-dev", "provision-softhsm.sh"), SoftHsmEnvironment.Root);

        Assert.Contains("0 token(s) created", output);
        Assert.Contains($"export SOFTHSM2_CONF={Path.Combine(SoftHsmEnvironment.Root, "softhsm2.conf")}", output);
    }
}
