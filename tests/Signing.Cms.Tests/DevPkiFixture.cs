using System.Collections.Concurrent;
using Signing.Abstractions;

namespace Signing.Cms.Tests;

/// <summary>One freshly generated dev PKI per test run, shared by every test in the "dev-pki" collection.</summary>
public sealed class DevPkiFixture : IDisposable
{
    public const string Password = "123456";

    private readonly ConcurrentDictionary<string, Pkcs12RawSigner> _signers = new();

    public DevPkiFixture()
    {
        Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Directory = Path.Combine(Path.GetTempPath(), "signing-cms-tests-" + Guid.NewGuid().ToString("N"));
        Pki = DevPki.Generate(Directory, new DevPkiOptions { Clock = new FixedClock(Now) });
        Trust = TrustStore.FromPemFiles([Pki.RootCertificateFile]);
    }

    /// <summary>The generation time (whole seconds).</summary>
    public DateTimeOffset Now { get; }

    public string Directory { get; }

    public DevPkiResult Pki { get; }

    public TrustStore Trust { get; }

    public byte[] RootDer => File.ReadAllBytes(Path.Combine(Directory, "root-ca.cer"));

    public byte[] IssuingDer => File.ReadAllBytes(Path.Combine(Directory, "issuing-ca.cer"));

    public Pkcs12RawSigner Signer(string name) => _signers.GetOrAdd(name, n =>
    {
        using var file = File.OpenRead(Pki[n].P12File);
        return Pkcs12RawSigner.Open(file, Password);
    });

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

[CollectionDefinition(Name)]
public sealed class DevPkiCollection : ICollectionFixture<DevPkiFixture>
{
    public const string Name = "dev-pki";
}

/// <summary>The whole B-B flow as the engine runs it: digest → signed attributes → raw signature → SignedData.</summary>
internal static class TestSignatures
{
    public static byte[] Content(int length = 10_000, int seed = 42)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static async Task<byte[]> SignDetachedAsync(IRawSigner signer, byte[] content, DigestAlgorithm digest,
        SignatureScheme scheme, IReadOnlyList<(string Oid, byte[] ValueDer)>? unsigned = null)
    {
        var attributes = CadesSignedAttributes.Build(Digest(digest, content), digest, signer.Certificate);
        var signature = await signer.SignAsync(attributes, digest, scheme);
        return CadesSignedDataBuilder.Build(attributes, signature, digest, scheme, signer.Certificate, signer.Chain, unsigned);
    }

    public static byte[] Digest(DigestAlgorithm digest, byte[] content) => CmsAlgorithms.Hash(digest, content);

    public static Func<DigestAlgorithm, byte[]> DigestOf(byte[] content) => d => Digest(d, content);
}
