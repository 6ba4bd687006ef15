using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SigningService.Data;

/// <summary>
/// SQLite has one writer at a time. Two connections that both try to write get SQLITE_BUSY, and
/// Microsoft.Data.Sqlite answers that by sleeping and retrying (150 ms at a time), which under a
/// few concurrent requests turned 2 ms commits into seconds. Writes of this process therefore take turns
/// here before they start (readers are unaffected: WAL lets them read while a write is under way).
/// </summary>
public sealed class SqliteWriteGate : SaveChangesInterceptor
{
    private static readonly SemaphoreSlim Turn = new(1, 1);

    public static SqliteWriteGate Instance { get; } = new();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await Turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Turn.Wait();
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Turn.Release();
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Turn.Release();
        return result;
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Turn.Release();
        return Task.CompletedTask;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Turn.Release();

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Turn.Release();
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Turn.Release();
}
