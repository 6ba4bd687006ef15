using System.Collections.Concurrent;

namespace Signing.Cms.Revocation;

/// <summary>
/// Shares fetched revocation data between documents: OCSP responses by (issuer, serial), CRLs and
/// CA certificates by URL. An entry is reused until its nextUpdate (RFC 6960 §2.4, RFC 5280 §5.1.2.5)
/// or, when the source gives none, for <see cref="MaxAgeWithoutNextUpdate"/>. Concurrent requests for the
/// same key share one fetch, so a batch of 200 documents signed by one official makes one OCSP call.
/// Failed fetches are not cached. Thread-safe; keep one per process (or per batch).
/// </summary>
public sealed class RevocationCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private long _fetches;
    private long _hits;

    public RevocationCache(TimeSpan? maxAgeWithoutNextUpdate = null, TimeProvider? clock = null)
    {
        MaxAgeWithoutNextUpdate = maxAgeWithoutNextUpdate ?? TimeSpan.FromHours(1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAgeWithoutNextUpdate, TimeSpan.Zero);
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>How long data without a nextUpdate is reused.</summary>
    public TimeSpan MaxAgeWithoutNextUpdate { get; }

    /// <summary>Network requests made through this cache (OCSP POSTs, CRL and CA-certificate GETs).</summary>
    public long Fetches => Interlocked.Read(ref _fetches);

    /// <summary>Look-ups answered from the cache or by joining a fetch already under way.</summary>
    public long CacheHits => Interlocked.Read(ref _hits);

    /// <summary>Entries currently held (expired ones included until next looked up).</summary>
    public int Count => _entries.Count;

    /// <summary>Forgets everything (e.g. after a dev CA revoked a certificate).</summary>
    public void Clear() => _entries.Clear();

    /// <summary>
    /// The cached value for <paramref name="key"/>, or the result of <paramref name="fetch"/>, which
    /// returns the value and its nextUpdate. The fetch runs without the caller's token (others may be
    /// waiting on it); <paramref name="ct"/> only stops this caller's wait.
    /// </summary>
    internal async Task<T> GetOrFetchAsync<T>(string key, Func<Task<(T Value, DateTimeOffset? NextUpdate)>> fetch,
        CancellationToken ct)
        where T : class
    {
        while (true)
        {
            var now = _clock.GetUtcNow();
            if (_entries.TryGetValue(key, out var existing) && existing.IsUsable(now))
            {
                Interlocked.Increment(ref _hits);
                try
                {
                    return (T)await existing.Task.WaitAsync(ct).ConfigureAwait(false);
                }
                catch when (existing.Task.IsFaulted)
                {
                    // The shared fetch failed: every waiter sees the failure; the next look-up fetches again.
                    _entries.TryRemove(new KeyValuePair<string, Entry>(key, existing));
                    throw;
                }
            }

            var entry = new Entry(this, async () =>
            {
                var (value, nextUpdate) = await fetch().ConfigureAwait(false);
                return (value, nextUpdate);
            });
            var added = existing is null ? _entries.TryAdd(key, entry) : _entries.TryUpdate(key, entry, existing);
            if (!added)
                continue;

            Interlocked.Increment(ref _fetches);
            entry.Start();
            try
            {
                return (T)await entry.Task.WaitAsync(ct).ConfigureAwait(false);
            }
            catch when (entry.Task.IsFaulted)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
                throw;
            }
        }
    }

    private sealed class Entry
    {
        private readonly RevocationCache _owner;
        private readonly Func<Task<object>> _run;
        private readonly TaskCompletionSource<object> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private DateTimeOffset _expires = DateTimeOffset.MaxValue;

        public Entry(RevocationCache owner, Func<Task<(object Value, DateTimeOffset? NextUpdate)>> fetch)
        {
            _owner = owner;
            _run = async () =>
            {
                var (value, nextUpdate) = await fetch().ConfigureAwait(false);
                _expires = nextUpdate ?? _owner._clock.GetUtcNow() + _owner.MaxAgeWithoutNextUpdate;
                return value;
            };
        }

        public Task<object> Task => _completion.Task;

        public bool IsUsable(DateTimeOffset now) =>
            !Task.IsCompleted || (Task.IsCompletedSuccessfully && now < _expires);

        public void Start() => _ = RunAsync();

        private async Task RunAsync()
        {
            try
            {
                _completion.SetResult(await _run().ConfigureAwait(false));
            }
            catch (Exception e)
            {
                _completion.SetException(e);
            }
        }
    }
}
