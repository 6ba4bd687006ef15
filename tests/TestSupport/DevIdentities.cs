using Signing.Abstractions;

namespace TestSupport;

/// <summary>The dev PKI's identities (certs-dev/README.md). PIN and PKCS#12 password: 123456.</summary>
public sealed record DevIdentity(string Name, KeyAlgorithm Algorithm)
{
    public const string Pin = "123456";
    public string Pkcs12Path => Path.Combine(RepoPaths.CertsDev, $"{Name}.p12");
    public string CertificatePath => Path.Combine(RepoPaths.CertsDev, $"{Name}.pem");
    public string TokenLabel => $"dev-{Name}";
    public string KeyLabel => "sign";
    public override string ToString() => Name;
}

public static class DevIdentities
{
    public static readonly DevIdentity Kadis = new("kadis", KeyAlgorithm.Rsa);
    public static readonly DevIdentity Sekretaris = new("sekretaris", KeyAlgorithm.Rsa);
    public static readonly DevIdentity Kabid = new("kabid", KeyAlgorithm.EcP256);
    public static readonly DevIdentity Eseal = new("eseal", KeyAlgorithm.Rsa);
    public static readonly DevIdentity Expired = new("expired", KeyAlgorithm.Rsa);
}
