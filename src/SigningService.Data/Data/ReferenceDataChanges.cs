using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SigningService.Domain;
using SigningService.Domain.Approval;

namespace SigningService.Data;

/// <summary>
/// Counts saves that change reference data (Pemda, OPDs, signatories, document types, paraf steps,
/// issuing clients), so caches of it can tell that what they hold may be stale. The count moves both
/// before and after such a save: a reader that loaded while the save was under way has the earlier count
/// and loads again next time. Every write of reference data goes through change tracking (no
/// ExecuteUpdate/raw SQL on these tables); other instances' saves are not seen, hence caches also expire.
/// </summary>
public sealed class ReferenceDataChanges : SaveChangesInterceptor
{
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Before(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Before(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        After(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        After(eventData.Context);
        return result;
    }

    // A save that loses an optimistic-concurrency check ends here, not in SaveChangesFailed; one canceled, in SaveChangesCanceled.
    public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        After(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(
        ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        After(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => After(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        After(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => After(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        After(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>Contexts whose save under way changes reference data.</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> _saving = [];

    private void Before(DbContext? context)
    {
        if (context is not null && TracksReferenceData(context) && context.ChangeTracker.Entries().Any(e =>
                e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && IsReferenceData(e.Entity)))
        {
            _saving.AddOrUpdate(context, this);
            Interlocked.Increment(ref _version);
        }
    }

    private void After(DbContext? context)
    {
        if (context is not null && _saving.Remove(context))
        {
            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>
    /// Whether the context tracks any reference data at all, asked without detecting changes: Entries()
    /// detects them across every tracked entity, which SaveChanges does again right after. The documents,
    /// audit rows and outbox entries of the hot paths (submissions, the worker) track no reference data.
    /// </summary>
    private static bool TracksReferenceData(DbContext context)
    {
        var tracker = context.ChangeTracker;
        var detecting = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return tracker.Entries().Any(e => IsReferenceData(e.Entity));
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detecting;
        }
    }

    private static bool IsReferenceData(object entity) =>
        entity is Pemda or Opd or Signatory or DocumentType or ParafStep or IssuingClient or IssuingClientOpd;
}
