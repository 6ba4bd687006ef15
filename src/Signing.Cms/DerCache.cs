using System.Collections.Concurrent;

namespace Signing.Cms;

/// <summary>
/// What was decoded from a DER blob, remembered by the blob's exact bytes. A batch signs thousands of
/// documents with the same certificate and chain; parsing them again for every document was a third of
/// the engine's own time per signature. Bounded: when full it starts over rather than grow without end.
/// Only for immutable results (parsed certificates, summaries).
/// </summary>
internal sealed class DerCache<T>(int capacity = 256) where T : class
{
    private readonly ConcurrentDictionary<byte[], T> _entries = new(DerBytesComparer.Instance);

    public T GetOrAdd(ReadOnlySpan<byte> der, Func<byte[], T> decode)
    {
        var lookup = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();
        if (lookup.TryGetValue(der, out var known))
        {
            return known;
        }
        var key = der.ToArray();
        var value = decode(key);
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }
        return _entries.GetOrAdd(key, value);
    }

    private sealed class DerBytesComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly DerBytesComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
