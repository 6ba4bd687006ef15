using Signing.Abstractions;

namespace Signing.Cms;

/// <summary>Who is in the dev PKI. NIPs follow the real layout: birth date, appointment month, sex, sequence.</summary>
internal static class DevPkiProfiles
{
    internal sealed record Spec(
        string Name,
        DevPkiRole Role,
        string Description,
        string CommonName,
        string? Nip,
        string? Title,
        KeyAlgorithm Key,
        bool Expired = false)
    {
        public string? TokenLabel => Role is DevPkiRole.Official or DevPkiRole.ESeal ? "dev-" + Name : null;
    }

    public static IReadOnlyList<Spec> All(DevPkiOptions options) =>
    [
        new("kadis", DevPkiRole.Official, "Kepala Dinas: the head who signs permits", "Budi Santoso",
            "197203151998031004", "Kepala Dinas", KeyAlgorithm.Rsa),
        new("sekretaris", DevPkiRole.Official, "Sekretaris: signs a.n. Kepala Dinas or as Plh", "Siti Rahmawati",
            "198005222005012003", "Sekretaris", KeyAlgorithm.Rsa),
        new("kabid", DevPkiRole.Official, "Kepala Bidang Perizinan, EC P-256 key", "Agus Prasetyo",
            "198507092010011002", "Kepala Bidang Perizinan", KeyAlgorithm.EcP256),
        new("eseal", DevPkiRole.ESeal, "Organisation e-seal of the OPD for automatic issuance", options.OpdName,
            null, null, KeyAlgorithm.Rsa),
        new("tsa", DevPkiRole.TimeStamping, "Dev RFC 3161 time-stamping authority", "SigningService DEV TSA",
            null, null, KeyAlgorithm.Rsa),
        new("ocsp", DevPkiRole.OcspResponder, "Dev OCSP responder (delegated, id-pkix-ocsp-nocheck)",
            "SigningService DEV OCSP Responder", null, null, KeyAlgorithm.Rsa),
        new("expired", DevPkiRole.Official, "An official whose certificate expired yesterday", "Hendra Wijaya",
            "197611302001121001", "Kepala Seksi Pelayanan", KeyAlgorithm.Rsa, Expired: true),
        new("revoked", DevPkiRole.Official, "A valid official certificate that the dev CA revokes (CRL/OCSP)",
            "Dewi Lestari", "198812172012022001", "Kepala Seksi Perizinan", KeyAlgorithm.Rsa),
    ];
}
