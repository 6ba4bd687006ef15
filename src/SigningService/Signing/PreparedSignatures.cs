using System.Collections.Concurrent;
using Signing.Core.Signing;

namespace SigningService.Signing;

/// <summary>
/// E-seal signatures prepared when their document was accepted. Accepting a document already lays its
/// signature out (the dry run that turns a bad PDF or anchor into a 4xx); keeping that prepared state lets
/// the worker go straight to sign → embed instead of parsing and laying out the PDF a second time.
/// Held in memory only: it is an optimisation, and whatever is missing (a restart, another instance, an
/// entry too old for its stamp's time to stand) the worker simply prepares again.
/// </summary>
public sealed class PreparedSignatures(TimeProvider clock)
{
    /// <summary>Past this age the stamp's signing time would be too far from the real one: prepare again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    /// <summary>Bounds memory when the worker falls behind (about 15 KB an entry).</summary>
    public const int Capacity = 20_000;

    private readonly ConcurrentDictionary<Guid, PreparedSignature> _entries = new();

    public void Keep(Guid documentId, PreparedSignature prepared)
    {
        if (_entries.Count >= Capacity)
        {
            // Entries nobody took (signed elsewhere, or lost a race) only go stale: drop those.
            var now = clock.GetUtcNow();
            foreach (var (id, entry) in _entries)
            {
                if (now - entry.SigningTime > MaxAge)
                    _entries.TryRemove(id, out _);
            }
        }
        if (_entries.Count < Capacity)
        {
            _entries[documentId] = prepared;
        }
    }

    /// <summary>Takes the prepared signature of a document if there is one fresh enough to use.</summary>
    public PreparedSignature? Take(Guid documentId) =>
        _entries.TryRemove(documentId, out var prepared) && clock.GetUtcNow() - prepared.SigningTime <= MaxAge ? prepared : null;
}
