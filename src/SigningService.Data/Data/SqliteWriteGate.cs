namespace SigningService.Data;

/// <summary>
/// SQLite has one writer at a time. Two connections that both try to write get SQLITE_BUSY, and
/// Microsoft.Data.Sqlite answers that by sleeping and retrying (150 ms at a time), which under a
/// few concurrent requests turned 2 ms commits into seconds. Saves of this process therefore take turns
/// here before they start (readers are unaffected: WAL lets them read while a write is under way).
/// <para>
/// The turn is taken around the save itself (<see cref="SqliteSigningDbContext"/>), not in a SaveChanges
/// interceptor: EF Core ends a save that loses an optimistic-concurrency check, or that a later interceptor
/// refuses, without calling the interceptor's SaveChangesFailed, so a turn taken there was never handed on
/// and every later write of the process waited for ever.
/// </para>
/// </summary>
internal static class SqliteWriteGate
{
    private static readonly SemaphoreSlim Turn = new(1, 1);

    public static async ValueTask<Held> EnterAsync(CancellationToken ct)
    {
        await Turn.WaitAsync(ct).ConfigureAwait(false);
        return new Held();
    }

    public static Held Enter()
    {
        Turn.Wait();
        return new Held();
    }

    /// <summary>The turn, handed on when disposed.</summary>
    public readonly struct Held : IDisposable
    {
        public void Dispose() => Turn.Release();
    }
}
