using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace SigningService.Data;

/// <summary>Registers the records' context for one of the three providers (service: read-write; Verifier: read-only use).</summary>
public static class DocumentRecords
{
    public static IServiceCollection AddDocumentRecords(this IServiceCollection services, string provider, string connectionString)
    {
        switch (provider.ToLowerInvariant())
        {
            case "sqlite":
                services.AddDbContext<SigningDbContext, SqliteSigningDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(SqliteWriteGate.Instance));
                break;
            case "postgresql" or "postgres":
                services.AddDbContext<SigningDbContext, PostgresSigningDbContext>(o => o.UseNpgsql(connectionString));
                break;
            case "sqlserver":
                services.AddDbContext<SigningDbContext, SqlServerSigningDbContext>(o => o.UseSqlServer(connectionString));
                break;
            default:
                throw new ArgumentException($"Unknown database provider '{provider}': use Sqlite, PostgreSql or SqlServer.", nameof(provider));
        }
        return services;
    }
}
