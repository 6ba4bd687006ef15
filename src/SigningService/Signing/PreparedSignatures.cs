using System.Collections.Concurrent;
using Signing.Core.Signing;

namespace SigningService.Signing;

/// <summary>
/// E-seal signatures prepared when their document was accepted. Accepting a document already lays its
/// signature out (the dry run that turns a bad PDF or anchor into a 4xx); keeping that prepared state lets
/// the worker go straight to sign → embed instead of parsing and laying out the PDF a second time.
/// The original's bytes are kept with it while they fit a budget, so the worker need not read back the
/// blob it was just given (embedding still checks them against the prepared SHA-256).
/// Held in memory only: it is an optimisation, and whatever is missing (a restart, another instance, an
/// entry too old for its stamp's time to stand) the worker simply prepares again from the stored original.
/// </summary>
public sealed class PreparedSignatures(TimeProvider clock)
{
    /// <summary>Past this age the stamp's signing time would be too far from the real one: prepare again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    /// <summary>Bounds memory when the worker falls behind (about 15 KB an entry, without its original).</summary>
    public const int Capacity = 20_000;

    /// <summary>At most this many bytes of originals are held; beyond it the worker reads them from the blob store.</summary>
    public const long OriginalBytesBudget = 64L * 1024 * 1024;

    /// <summary>A prepared signature and, when it fitted the budget, the original it was prepared over.</summary>
    public sealed record Entry(PreparedSignature Prepared, ArraySegment<byte>? Original);

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private long _originalBytes;

    /// <summary>The bytes of originals held now (for tests and diagnostics).</summary>
    public long OriginalBytes => Interlocked.Read(ref _originalBytes);

    /// <param name="original">The exact bytes <paramref name="prepared"/> was laid out over; the caller must not change them afterwards.</param>
    public void Keep(Guid documentId, PreparedSignature prepared, ArraySegment<byte> original)
    {
        if (_entries.Count >= Capacity)
        {
            // Entries nobody took (signed elsewhere, or lost a race) only go stale: drop those.
            var now = clock.GetUtcNow();
            foreach (var (id, entry) in _entries)
            {
                if (now - entry.Prepared.SigningTime > MaxAge)
                    Remove(id);
            }
        }
        if (_entries.Count >= Capacity)
        {
            return;
        }
        var keepOriginal = Interlocked.Add(ref _originalBytes, original.Count) <= OriginalBytesBudget;
        if (!keepOriginal)
        {
            Interlocked.Add(ref _originalBytes, -original.Count);
        }
        if (!_entries.TryAdd(documentId, new Entry(prepared, keepOriginal ? original : default(ArraySegment<byte>?))) && keepOriginal)
        {
            Interlocked.Add(ref _originalBytes, -original.Count);
        }
    }

    /// <summary>Takes the prepared signature of a document if there is one fresh enough to use.</summary>
    public Entry? Take(Guid documentId) =>
        Remove(documentId) is { } entry && clock.GetUtcNow() - entry.Prepared.SigningTime <= MaxAge ? entry : null;

    private Entry? Remove(Guid documentId)
    {
        if (!_entries.TryRemove(documentId, out var entry))
            return null;
        if (entry.Original is { } original)
            Interlocked.Add(ref _originalBytes, -original.Count);
        return entry;
    }
}
