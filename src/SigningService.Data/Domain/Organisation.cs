namespace SigningService.Domain;

/// <summary>A regional government (Pemkot / Pemkab / Pemprov): the tenant whose calendar and OPDs we serve.</summary>
public sealed class Pemda
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string Code { get; init; }
    public required string Name { get; set; }
    public List<Opd> Opds { get; } = [];
}

/// <summary>A regional agency (Organisasi Perangkat Daerah), e.g. DPMPTSP.</summary>
public sealed class Opd
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid PemdaId { get; init; }
    public Pemda? Pemda { get; init; }
    public required string Code { get; init; }
    public required string Name { get; set; }
    public List<Signatory> Signatories { get; } = [];
}

public enum SignatoryKind
{
    /// <summary>A person (Kepala Dinas, Sekretaris …) who signs with their own token and PIN.</summary>
    Official = 0,

    /// <summary>The OPD's electronic seal, used for automatic issuance with no person involved.</summary>
    ESeal = 1,
}

/// <summary>
/// Who can sign for an OPD: an official (name, NIP, jabatan) or the OPD's e-seal, with the certificate and
/// where its key lives. The key itself never enters the database: only the token (or PKCS#12) reference.
/// </summary>
public sealed class Signatory
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid OpdId { get; init; }
    public Opd? Opd { get; init; }
    public SignatoryKind Kind { get; init; }
    public required string Name { get; set; }

    /// <summary>NIP, 18 digits; null for an e-seal.</summary>
    public string? Nip { get; set; }

    /// <summary>Jabatan (position title) as printed on the stamp, e.g. "Kepala Dinas".</summary>
    public required string Position { get; set; }

    /// <summary>DER X.509 certificate of the signing key.</summary>
    public required byte[] Certificate { get; set; }

    /// <summary>PKCS#11 token label holding the key (HSM slot, USB token, SoftHSM in dev).</summary>
    public string? TokenLabel { get; set; }

    /// <summary>Label of the private key on the token.</summary>
    public string? KeyLabel { get; set; }

    public DateTimeOffset CertificateNotAfter { get; set; }

    /// <summary>The smallest expiry warning already given (30, then 7 days before); null until the first. Reset when the certificate is renewed.</summary>
    public int? ExpiryWarnedDaysBefore { get; set; }

    public bool Active { get; set; } = true;
}

/// <summary>A permit system or OSS integration that submits documents with an API key.</summary>
public sealed class IssuingClient
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string Name { get; set; }

    /// <summary>First characters of the key, shown to admins to tell keys apart; not enough to use it.</summary>
    public required string ApiKeyPrefix { get; set; }

    /// <summary>SHA-256 (hex) of the whole key. Keys are 256 random bits, so a fast hash is enough.</summary>
    public required string ApiKeyHash { get; set; }

    /// <summary>Secret for the HMAC-SHA256 header of webhooks, protected at rest by ASP.NET Data Protection.</summary>
    public required string ProtectedWebhookSecret { get; set; }

    public List<IssuingClientOpd> Opds { get; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>The OPDs an issuing client may submit documents for.</summary>
public sealed class IssuingClientOpd
{
    public Guid IssuingClientId { get; init; }
    public Guid OpdId { get; init; }
}

/// <summary>A kind of document an OPD issues: who signs it, how, where the stamp goes, the SLA.</summary>
public sealed class DocumentType
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid OpdId { get; init; }
    public Opd? Opd { get; init; }
    public required string Code { get; init; }
    public required string Name { get; set; }

    /// <summary>Promised processing time in working hours (the SLA clock is issue 7's).</summary>
    public int SlaWorkingHours { get; set; } = 24;

    /// <summary>The signatory used when a submission names none (the e-seal for sealed types).</summary>
    public Guid DefaultSignatoryId { get; set; }

    /// <summary>E-seal documents are signed by the worker at once; personal ones wait for approval.</summary>
    public SignatoryKind SignatureKind { get; set; }

    /// <summary>PAdES level: B-B, B-T, B-LT or B-LTA.</summary>
    public string Level { get; set; } = "B-B";

    /// <summary>Anchor text where the stamp goes when the submission gives no placement (e.g. ${ttd_kadis}).</summary>
    public string? DefaultAnchor { get; set; }

    /// <summary>Whether the public verification page offers the signed PDF for download.</summary>
    public bool PublicDownload { get; set; }
}
