using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Signing.Cms;

/// <summary>Writes the dev PKI's files: PEM/DER certificates, PKCS#8 keys, PKCS#12 bundles, manifest.</summary>
internal static class DevPkiFiles
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static void WriteCertificate(string path, X509Certificate certificate) =>
        File.WriteAllText(path, PemCertificates.Write([certificate.GetEncoded()]));

    public static void WriteCertificates(string path, IEnumerable<X509Certificate> certificates) =>
        File.WriteAllText(path, PemCertificates.Write(certificates.Select(c => (ReadOnlyMemory<byte>)c.GetEncoded())));

    /// <summary>Unencrypted PKCS#8 "PRIVATE KEY" PEM (RFC 5958, RFC 7468 §10), which softhsm2-util --import reads.</summary>
    public static void WritePrivateKey(string path, AsymmetricKeyParameter privateKey)
    {
        var info = PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey);
        File.WriteAllText(path, PemCertificates.WriteBlock("PRIVATE KEY", info.GetEncoded()));
    }

    /// <summary>
    /// PKCS#12 (RFC 7292) holding the key, its certificate and the chain, with friendlyName = alias.
    /// Key and certificate bags use PBES2 with AES-256-CBC and HMAC-SHA-256 (RFC 8018 §6.2), which
    /// OpenSSL 3 reads without the legacy provider; BouncyCastle computes the integrity MAC with
    /// HMAC-SHA-1 (RFC 7292 Appendix B), which every reader accepts.
    /// </summary>
    public static void WritePkcs12(string path, string alias, AsymmetricKeyParameter privateKey,
        IReadOnlyList<X509Certificate> chain, string password, SecureRandom random)
    {
        var store = new Pkcs12StoreBuilder()
            .SetKeyAlgorithm(NistObjectIdentifiers.IdAes256Cbc, PkcsObjectIdentifiers.IdHmacWithSha256)
            .SetCertAlgorithm(NistObjectIdentifiers.IdAes256Cbc, PkcsObjectIdentifiers.IdHmacWithSha256)
            .SetUseDerEncoding(true)
            .Build();
        store.SetKeyEntry(alias, new AsymmetricKeyEntry(privateKey),
            chain.Select(c => new X509CertificateEntry(c)).ToArray());
        using var file = File.Create(path);
        store.Save(file, password.ToCharArray(), random);
    }

    public static void WriteManifest(string path, Manifest manifest) =>
        File.WriteAllText(path, JsonSerializer.Serialize(manifest, JsonOptions) + "\n");

    internal sealed record Manifest(
        string Warning,
        DateTimeOffset GeneratedAt,
        string Pemda,
        string Opd,
        string BaseUrl,
        string Pkcs12Password,
        string TokenUserPin,
        CaEntry RootCa,
        CaEntry IssuingCa,
        string ChainFile,
        IReadOnlyList<IdentityEntry> Identities);

    internal sealed record CaEntry(string CertFile, string DerFile, string KeyFile, string Subject, string SerialHex,
        DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Sha256);

    /// <summary>One identity; field names are what certs-dev/provision-softhsm.sh reads.</summary>
    internal sealed record IdentityEntry(
        string Name,
        DevPkiRole Role,
        string Description,
        string KeyAlgorithm,
        string KeySpec,
        string Subject,
        string CommonName,
        string? Nip,
        string? Title,
        string SerialHex,
        DateTimeOffset NotBefore,
        DateTimeOffset NotAfter,
        string Sha256,
        string CertFile,
        string KeyFile,
        string P12File,
        string? TokenLabel,
        string? KeyLabel,
        string IdHex);
}
