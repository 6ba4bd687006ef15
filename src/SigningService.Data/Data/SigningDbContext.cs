using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SigningService.Domain;
using SigningService.Domain.Approval;

namespace SigningService.Data;

/// <summary>
/// The service's database. One subclass per provider (<see cref="SqliteSigningDbContext"/>,
/// <see cref="PostgresSigningDbContext"/>, <see cref="SqlServerSigningDbContext"/>) so each keeps its own
/// migrations; the model itself is shared and lives in Configurations/. The inbox's accounts (ASP.NET Core
/// Identity) live here too, so a paraf or signature and the account that made it commit together.
/// </summary>
public abstract class SigningDbContext(DbContextOptions options) : IdentityDbContext<Account, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Pemda> Pemdas => Set<Pemda>();
    public DbSet<Opd> Opds => Set<Opd>();
    public DbSet<Signatory> Signatories => Set<Signatory>();
    public DbSet<IssuingClient> IssuingClients => Set<IssuingClient>();
    public DbSet<DocumentType> DocumentTypes => Set<DocumentType>();
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<ParafStep> ParafSteps => Set<ParafStep>();
    public DbSet<DocumentSignature> DocumentSignatures => Set<DocumentSignature>();
    public DbSet<Delegation> Delegations => Set<Delegation>();
    public DbSet<EmailNotification> EmailNotifications => Set<EmailNotification>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder); // Identity's tables first; our configurations refine Account
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SigningDbContext).Assembly);
    }
}

public sealed class SqliteSigningDbContext(DbContextOptions<SqliteSigningDbContext> options) : SigningDbContext(options)
{
    /// <summary>
    /// SQLite has no date type: EF stores DateTimeOffset as text it cannot compare or sort in SQL. Store
    /// UTC ticks instead, so "due before now" and "newest first" run in the database.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }

    // SaveChangesAsync(CancellationToken) and SaveChanges() come through these two.
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        using (await SqliteWriteGate.EnterAsync(cancellationToken).ConfigureAwait(false))
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken).ConfigureAwait(false);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        using (SqliteWriteGate.Enter())
            return base.SaveChanges(acceptAllChangesOnSuccess);
    }
}

public sealed class PostgresSigningDbContext(DbContextOptions<PostgresSigningDbContext> options) : SigningDbContext(options);

public sealed class SqlServerSigningDbContext(DbContextOptions<SqlServerSigningDbContext> options) : SigningDbContext(options);

public sealed class UtcTicksConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
