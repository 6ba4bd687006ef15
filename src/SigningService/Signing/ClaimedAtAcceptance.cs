using System.Collections.Concurrent;

namespace SigningService.Signing;

/// <summary>
/// E-seal documents this process accepted already claimed for its own worker: the document is stored
/// in status signing with a lease, in the same transaction that stores it, and its id waits here. The
/// worker takes these first, without a claim transaction of its own (one UPDATE per document and one
/// commit per batch fewer). Held in memory only: after a crash or restart such a document is due again
/// once its lease runs out, like any document whose worker vanished.
/// </summary>
public sealed class ClaimedAtAcceptance
{
    private readonly ConcurrentQueue<Guid> _ids = new();

    public void Add(Guid documentId) => _ids.Enqueue(documentId);

    /// <summary>Up to <paramref name="max"/> ids, oldest first.</summary>
    public List<Guid> Take(int max)
    {
        var taken = new List<Guid>(Math.Min(max, 64));
        while (taken.Count < max && _ids.TryDequeue(out var id))
            taken.Add(id);
        return taken;
    }
}
