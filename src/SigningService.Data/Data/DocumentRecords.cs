using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace SigningService.Data;

/// <summary>Registers the records' context for one of the three providers (service: read-write; Verifier: read-only use).</summary>
public static class DocumentRecords
{
    /// <summary>
    /// Contexts come from a pool: a request or worker batch then reuses a context's internal services
    /// instead of building them again (a few per cent of the service's CPU per submission went there).
    /// </summary>
    public static IServiceCollection AddDocumentRecords(this IServiceCollection services, string provider, string connectionString)
    {
        services.AddSingleton<ReferenceDataChanges>();
        switch (provider.ToLowerInvariant())
        {
            case "sqlite":
                services.AddDbContextPool<SigningDbContext, SqliteSigningDbContext>((sp, o) =>
                    o.UseSqlite(connectionString).AddInterceptors(sp.GetRequiredService<ReferenceDataChanges>()));
                break;
            case "postgresql" or "postgres":
                services.AddDbContextPool<SigningDbContext, PostgresSigningDbContext>((sp, o) =>
                    o.UseNpgsql(connectionString).AddInterceptors(sp.GetRequiredService<ReferenceDataChanges>()));
                break;
            case "sqlserver":
                services.AddDbContextPool<SigningDbContext, SqlServerSigningDbContext>((sp, o) =>
                    o.UseSqlServer(connectionString).AddInterceptors(sp.GetRequiredService<ReferenceDataChanges>()));
                break;
            default:
                throw new ArgumentException($"Unknown database provider '{provider}': use Sqlite, PostgreSql or SqlServer.", nameof(provider));
        }
        return services;
    }
}
