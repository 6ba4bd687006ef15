using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SigningService.Domain;

namespace SigningService.Data;

/// <summary>
/// Saves a unit of work together with its audit events, in one transaction. The events are chained to
/// the newest row (<see cref="AuditHead"/>) at save time; when another writer appended first, the head's
/// concurrency token (or the sequence's primary key, whichever the database checks first) makes the save
/// fail as a whole, and it is retried with the new head. Concurrency
/// failures on anything else (e.g. two workers moving the same document) are the caller's.
/// </summary>
public sealed class AuditedSave(SigningDbContext db, TimeProvider clock)
{
    private readonly List<(string Actor, string Action, Guid? DocumentId, string Details)> _pending = [];

    public SigningDbContext Db => db;

    public void Record(string actor, string action, Guid? documentId, object? details = null) =>
        _pending.Add((actor, action, documentId, details is null ? "" : JsonSerializer.Serialize(details, JsonOptions)));

    /// <summary>Drops events recorded for a unit of work that will not be saved.</summary>
    public void DiscardPending() => _pending.Clear();

    /// <summary>
    /// Appends in this process take turns: every append rewrites the one head row, so concurrent appends
    /// could only conflict and retry (under load, most of the time went into such retries). Other
    /// processes sharing the database are still handled by the head's concurrency token.
    /// </summary>
    private static readonly SemaphoreSlim AppendTurn = new(1, 1);

    public async Task SaveAsync(CancellationToken ct)
    {
        await AppendTurn.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await SaveInTurnAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            AppendTurn.Release();
        }
    }

    private async Task SaveInTurnAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var added = new List<AuditEvent>();
            // One read: a head tracked from an earlier attempt is refreshed, otherwise it is loaded.
            var head = db.AuditHeads.Local.FirstOrDefault(h => h.Id == AuditHead.SingletonId);
            if (head is null)
                head = await LoadHead.For(db)(db, ct).ConfigureAwait(false);
            else
                await db.Entry(head).ReloadAsync(ct).ConfigureAwait(false);
            // Whole microseconds: the hash covers At, so At must be what the database keeps (PostgreSQL: µs).
            var now = clock.GetUtcNow();
            now = now.AddTicks(-(now.UtcTicks % 10));
            foreach (var (actor, action, documentId, details) in _pending)
            {
                var sequence = head.Sequence + 1;
                var e = new AuditEvent
                {
                    Sequence = sequence, At = now, Actor = actor, Action = action, DocumentId = documentId,
                    Details = details, PreviousHash = head.Hash, Hash = "",
                };
                e.Hash = AuditChain.HashOf(e);
                head.Sequence = sequence;
                head.Hash = e.Hash;
                added.Add(e);
            }
            db.AuditEvents.AddRange(added);
            try
            {
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
                _pending.Clear();
                return;
            }
            catch (DbUpdateException e) when (attempt < 20 && IsAuditConflict(e))
            {
                foreach (var row in added)
                {
                    db.Entry(row).State = EntityState.Detached;
                }
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Another writer appended first. When the database reports the duplicate sequence (PostgreSQL, SQL Server)
    /// the exception names every entry of the failed batch (the document too), so it is known by the key's
    /// name in the database's message: PK_AuditEvents, or SQLite's AuditEvents.Sequence.
    /// </summary>
    private static bool IsAuditConflict(DbUpdateException e) =>
        (e.Entries.Count > 0 && e.Entries.All(x => x.Entity is AuditHead or AuditEvent))
        || (e.InnerException?.Message is { } message
            && (message.Contains("PK_AuditEvents", StringComparison.Ordinal) || message.Contains("AuditEvents.Sequence", StringComparison.Ordinal)));

    /// <summary>Loaded by every audited save.</summary>
    private static readonly CompiledPerModel<Func<SigningDbContext, CancellationToken, Task<AuditHead>>> LoadHead =
        new(() => EF.CompileAsyncQuery((SigningDbContext db, CancellationToken ct) => db.AuditHeads.Single(h => h.Id == AuditHead.SingletonId)));

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
