using Microsoft.Extensions.Caching.Memory;

namespace SigningService.Data;

/// <summary>
/// Reference data (API keys, document types, signatories, OPDs) looked up on every submission, kept for a
/// few seconds. Under load each submission used to spend about an eighth of its CPU on these queries.
/// An entry is dropped as soon as this process saves a change to reference data
/// (<see cref="ReferenceDataChanges"/>); a change saved by another instance is seen once the entry
/// expires (<see cref="Lifetime"/>). Misses (null) are not kept, so a new key or type works at once.
/// </summary>
public sealed class ReferenceDataCache(ReferenceDataChanges changes) : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private sealed record Entry(object Value, long Version);

    // Bounded like the verification pages' cache; its expiry runs on the system clock, not the service's
    // TimeProvider (tests move that by days).
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    /// <summary>The value under <paramref name="key"/> (a record naming the look-up and its arguments), loading it when missing or stale.</summary>
    public async Task<T?> GetAsync<T>(object key, Func<CancellationToken, Task<T?>> load, CancellationToken ct) where T : class
    {
        var version = changes.Version;
        if (_entries.TryGetValue(key, out Entry? entry) && entry!.Version == version)
        {
            return (T)entry.Value;
        }
        // The version is read before loading: a change saved meanwhile leaves this entry stale at once.
        var value = await load(ct).ConfigureAwait(false);
        if (value is not null)
        {
            _entries.Set(key, new Entry(value, version), new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = 1 });
        }
        return value;
    }

    public void Dispose() => _entries.Dispose();
}
