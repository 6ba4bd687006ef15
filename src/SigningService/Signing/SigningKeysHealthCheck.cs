using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SigningService.Data;
using SigningService.Domain;

namespace SigningService.Signing;

/// <summary>/health is healthy only when every active e-seal key can be opened (token present, PIN accepted).</summary>
public sealed class SigningKeysHealthCheck(SigningDbContext db, SigningKeys keys) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var seals = await db.Signatories.AsNoTracking().Where(s => s.Kind == SignatoryKind.ESeal && s.Active).ToListAsync(cancellationToken);
        var problems = new List<string>();
        foreach (var seal in seals)
        {
            try
            {
                keys.ESeal(seal);
            }
            catch (Exception e) when (e is global::Signing.Abstractions.SigningException or InvalidOperationException)
            {
                problems.Add($"{seal.Name} ({seal.TokenLabel}): {e.Message}");
            }
        }
        return problems.Count == 0
            ? HealthCheckResult.Healthy($"{seals.Count} e-seal key(s) usable")
            : HealthCheckResult.Unhealthy(string.Join("; ", problems));
    }
}
