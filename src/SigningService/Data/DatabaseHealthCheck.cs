using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SigningService.Data;

/// <summary>Healthy when the database answers.</summary>
public sealed class DatabaseHealthCheck(SigningDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
}
