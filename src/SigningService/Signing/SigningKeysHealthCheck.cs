using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Signing.Abstractions;
using Signing.Cms;
using SigningService.Data;
using SigningService.Domain;

namespace SigningService.Signing;

/// <summary>
/// /health for the keys the service signs with unattended: every active e-seal must open (token present,
/// PIN accepted) and make a test signature. A certificate that has expired makes the service unhealthy;
/// one that expires within 30 days makes it degraded, so monitoring warns before issuance stops.
/// </summary>
public sealed class SigningKeysHealthCheck(SigningDbContext db, SigningKeys keys, TimeProvider clock) : IHealthCheck
{
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var seals = await db.Signatories.AsNoTracking().Where(s => s.Kind == SignatoryKind.ESeal && s.Active).ToListAsync(cancellationToken);
        var problems = new List<string>();
        var warnings = new List<string>();
        var now = clock.GetUtcNow();
        foreach (var seal in seals)
        {
            var notAfter = CertificateInfo.Describe(seal.Certificate).NotAfter;
            if (notAfter <= now)
                problems.Add($"{seal.Name}: the certificate expired on {notAfter:yyyy-MM-dd}");
            else if (notAfter - now <= ExpiryWarning)
                warnings.Add($"{seal.Name}: the certificate expires on {notAfter:yyyy-MM-dd} ({(notAfter - now).Days} days)");
            try
            {
                var signer = keys.ESeal(seal);
                var probe = SHA256.HashData("SigningService health probe"u8);
                await signer.SignAsync(probe, DigestAlgorithm.Sha256, CryptoDefaults.DefaultScheme(signer.KeyAlgorithm), cancellationToken);
            }
            catch (Exception e) when (e is SigningException or InvalidOperationException)
            {
                if (e is KeyAccessException)
                    keys.Forget(seal);
                problems.Add($"{seal.Name} ({seal.TokenLabel}): {e.Message}");
            }
        }
        var data = new Dictionary<string, object> { ["eseals"] = seals.Count };
        if (problems.Count > 0)
            return HealthCheckResult.Unhealthy(string.Join("; ", problems.Concat(warnings)), data: data);
        return warnings.Count > 0
            ? HealthCheckResult.Degraded(string.Join("; ", warnings), data: data)
            : HealthCheckResult.Healthy($"{seals.Count} e-seal key(s) opened and made a test signature", data);
    }
}
