using Signing.Abstractions;
using Signing.Cms;
using Signing.Pkcs11;
using TestSupport;

namespace Signing.Core.Tests;

public enum KeyBackend
{
    Pkcs12,
    SoftHsm,
}

/// <summary>The dev identities behind each key backend, opened once per test process (one login per token).</summary>
public static class Signers
{
    private static readonly Dictionary<(string, KeyBackend), IRawSigner> Open = [];

    public static IRawSigner For(DevIdentity identity, KeyBackend backend)
    {
        lock (Open)
        {
            if (!Open.TryGetValue((identity.Name, backend), out var signer))
            {
                signer = backend == KeyBackend.Pkcs12 ? OpenPkcs12(identity) : OpenSoftHsm(identity);
                Open[(identity.Name, backend)] = signer;
            }
            return signer;
        }
    }

    private static IRawSigner OpenPkcs12(DevIdentity identity)
    {
        using var stream = File.OpenRead(identity.Pkcs12Path);
        return Pkcs12RawSigner.Open(stream, DevIdentity.Pin, DevChain());
    }

    private static IRawSigner OpenSoftHsm(DevIdentity identity)
    {
        SoftHsmEnvironment.Ensure();
        var module = Pkcs11Module.Load(SoftHsmEnvironment.ModulePath);
        return module.OpenSigner(
            new Pkcs11KeyReference(SoftHsmEnvironment.ModulePath, identity.TokenLabel, null, identity.KeyLabel, null),
            DevIdentity.Pin, certificate: null, chain: DevChain());
    }

    public static IReadOnlyList<ReadOnlyMemory<byte>> DevChain() =>
        PemCertificates.Read(File.ReadAllText(RepoPaths.DevChain)).Select(c => (ReadOnlyMemory<byte>)c).ToList();
}
