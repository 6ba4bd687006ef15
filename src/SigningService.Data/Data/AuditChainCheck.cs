using Microsoft.EntityFrameworkCore;
using SigningService.Domain;

namespace SigningService.Data;

/// <summary>The outcome of checking a database's audit trail.</summary>
public sealed record AuditChainReport(long RowsChecked, AuditChainBreak? Break)
{
    public bool Intact => Break is null;
}

public static class AuditChainCheck
{
    /// <summary>
    /// Walks every audit row in sequence order (streamed, not loaded at once) and checks each link, then
    /// that the last row is the recorded head, so rows cut from the end are noticed too.
    /// </summary>
    public static async Task<AuditChainReport> VerifyAsync(SigningDbContext db, CancellationToken ct)
    {
        var rows = db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).AsEnumerable();
        var broken = AuditChain.Verify(rows, out var count);
        if (broken is not null)
            return new AuditChainReport(count, broken);
        var head = await db.AuditHeads.AsNoTracking().SingleAsync(h => h.Id == AuditHead.SingletonId, ct);
        if (head.Sequence != count)
            return new AuditChainReport(count, new AuditChainBreak(count + 1,
                $"the head records {head.Sequence} rows but {count} exist (rows after {count} were removed)"));
        return new AuditChainReport(count, null);
    }

    /// <summary>A context for one of the three providers, for tools outside the service (signing-cli audit verify).</summary>
    public static SigningDbContext Open(string provider, string connectionString) => provider.ToLowerInvariant() switch
    {
        "sqlite" => new SqliteSigningDbContext(new DbContextOptionsBuilder<SqliteSigningDbContext>().UseSqlite(connectionString).Options),
        "postgresql" or "postgres" => new PostgresSigningDbContext(new DbContextOptionsBuilder<PostgresSigningDbContext>().UseNpgsql(connectionString).Options),
        "sqlserver" => new SqlServerSigningDbContext(new DbContextOptionsBuilder<SqlServerSigningDbContext>().UseSqlServer(connectionString).Options),
        _ => throw new ArgumentException($"Unknown database provider '{provider}': use sqlite, postgresql or sqlserver.", nameof(provider)),
    };
}
