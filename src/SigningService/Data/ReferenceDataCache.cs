using System.Collections.Concurrent;

namespace SigningService.Data;

/// <summary>
/// Reference data (API keys, document types, signatories, OPDs) looked up on every submission, kept for a
/// few seconds. Under load each submission used to spend about an eighth of its CPU on these queries.
/// An entry is dropped as soon as this process saves a change to reference data
/// (<see cref="ReferenceDataChanges"/>); a change saved by another instance is seen once the entry
/// expires (<see cref="Lifetime"/>). Misses (null) are not kept, so a new key or type works at once.
/// </summary>
public sealed class ReferenceDataCache(ReferenceDataChanges changes)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private const int MaxEntries = 10_000;

    private sealed record Entry(object Value, long Version, long ExpiresAtTicks);

    private readonly ConcurrentDictionary<object, Entry> _entries = new();

    /// <summary>The value under <paramref name="key"/> (a record or tuple naming the look-up and its arguments), loading it when missing or stale.</summary>
    public async Task<T?> GetAsync<T>(object key, Func<CancellationToken, Task<T?>> load, CancellationToken ct) where T : class
    {
        // Real elapsed time, not the service's TimeProvider: tests move that clock by days.
        var now = Environment.TickCount64;
        var version = changes.Version;
        if (_entries.TryGetValue(key, out var entry) && entry.Version == version && entry.ExpiresAtTicks > now)
        {
            return (T)entry.Value;
        }
        // The version is read before loading: a change saved meanwhile leaves this entry stale at once.
        var value = await load(ct).ConfigureAwait(false);
        if (value is not null)
        {
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
            _entries[key] = new Entry(value, version, now + (long)Lifetime.TotalMilliseconds);
        }
        return value;
    }
}
