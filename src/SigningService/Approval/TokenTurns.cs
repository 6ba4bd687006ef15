using System.Collections.Concurrent;

namespace SigningService.Approval;

/// <summary>
/// One approval at a time per token: a token (or HSM slot) has one login state per process, so a second
/// official request for the same token waits until the first has logged out, while other tokens go on in
/// parallel. Tokens are few, so their gates are kept for the life of the process.
/// </summary>
public sealed class TokenTurns
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task<IDisposable> TakeAsync(string tokenLabel, CancellationToken ct)
    {
        var gate = _gates.GetOrAdd(tokenLabel, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct).ConfigureAwait(false);
        return new Turn(gate);
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
