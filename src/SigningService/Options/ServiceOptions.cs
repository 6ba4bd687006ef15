using System.ComponentModel.DataAnnotations;

namespace SigningService.Options;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>Section "Database". The embedded default is a SQLite file under <see cref="StorageOptions.DataFolder"/>.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Required for PostgreSql and SqlServer; for Sqlite defaults to DataFolder/signing.db.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations at start (on by default; production may run them separately).</summary>
    public bool MigrateOnStart { get; set; } = true;
}

/// <summary>Section "Storage": where PDFs (blobs) and the SQLite file live.</summary>
public sealed class StorageOptions
{
    [Required]
    public string DataFolder { get; set; } = "data";
}

/// <summary>Section "Api".</summary>
public sealed class ApiOptions
{
    /// <summary>Largest accepted PDF upload, bytes (default 20 MB). Larger → 413 file-too-large.</summary>
    [Range(1024, 2L * 1024 * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Requests per minute per issuing client.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Page size limit of the document list.</summary>
    [Range(1, 1000)]
    public int MaxPageSize { get; set; } = 200;
}

/// <summary>Section "Verification".</summary>
public sealed class VerificationOptions
{
    /// <summary>Public base URL of the verification page; the QR encodes {PublicBaseUrl}/v/{publicId}.</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "";
}

/// <summary>Section "Worker": the e-seal signing worker.</summary>
public sealed class WorkerOptions
{
    public bool Enabled { get; set; } = true;

    [Range(1, 64)]
    public int Parallelism { get; set; } = 4;

    /// <summary>Documents claimed, signed and recorded together: two commits per batch, not two per document.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 64;

    /// <summary>How long a claimed document is reserved for its worker; after a crash it is picked up again.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Section "Ltv": services for B-T and above.</summary>
public sealed class LtvOptions
{
    /// <summary>RFC 3161 TSA URL. Required when a document type asks for B-T or above.</summary>
    public string? TsaUrl { get; set; }

    public string? TsaUser { get; set; }

    /// <summary>"FROM=TO" URL prefixes: OCSP/CRL/CA addresses named in certificates fetched from a mirror instead.</summary>
    public List<string> UrlMap { get; set; } = [];

    /// <summary>Name of the environment variable holding the TSA password (never the password itself).</summary>
    public string? TsaPasswordEnv { get; set; }
}

/// <summary>
/// Section "Keys": where signing keys live. PKCS#11 is the production path (HSM or token); a PKCS#12 folder
/// is for the dev PKI only.
/// </summary>
public sealed class KeysOptions
{
    /// <summary>PKCS#11 module path (e.g. /usr/lib/softhsm/libsofthsm2.so or the HSM vendor's library).</summary>
    public string? Pkcs11Module { get; set; }

    /// <summary>
    /// E-seal PINs, by token label, read from environment variables named here (the service signs e-seal
    /// documents unattended, so it must be able to log in; the PIN itself is never in configuration files).
    /// </summary>
    public Dictionary<string, string> ESealPinEnv { get; set; } = [];

    /// <summary>Dev only: a folder of PKCS#12 files (NAME.p12) used when no module is configured.</summary>
    public string? Pkcs12Folder { get; set; }

    /// <summary>Name of the environment variable with the PKCS#12 password (dev PKI: 123456).</summary>
    public string? Pkcs12PasswordEnv { get; set; }

    /// <summary>PEM bundle of the CA certificates embedded with each signature (default: Pkcs12Folder/chain.pem).</summary>
    public string? ChainFile { get; set; }

    /// <summary>
    /// Development without a PKCS#11 module only: the PIN an official must type when the dev PKCS#12 file stands
    /// in for their token (certs-dev publishes 123456). Any other PIN is refused as a token would refuse it.
    /// </summary>
    public string DevPersonalPin { get; set; } = "123456";
}

/// <summary>Section "DevSeed" (Development only).</summary>
public sealed class DevSeedOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>API key of the seeded issuing client; README documents the default.</summary>
    public string IssuingClientApiKey { get; set; } = DefaultIssuingClientApiKey;

    public const string DefaultIssuingClientApiKey = "dev-issuing-client-key-0000000000000000";

    /// <summary>Password of every seeded inbox account (admin, kadis, sekretaris, kabid, kasi).</summary>
    public string OfficialPassword { get; set; } = DefaultOfficialPassword;

    /// <summary>Base32 TOTP secret (RFC 6238) of every seeded account: add it to an authenticator app once.</summary>
    public string TotpSecret { get; set; } = DefaultTotpSecret;

    public const string DefaultOfficialPassword = "Dev-Pejabat-2026!";
    public const string DefaultTotpSecret = "DEVSIGNINGSERVICETOTPSECRET23456";
}
