using Microsoft.Extensions.Caching.Memory;
using SigningService.Data;

namespace SigningService.Verification;

/// <summary>
/// Keeps what /v/{id} shows for a few seconds (Verification:CacheSeconds, default 5), so a QR scanned by
/// many people at once costs one database read. The service forgets an entry the moment it signs or
/// revokes that document; a separate Verifier process may show a change up to that many seconds late.
/// </summary>
public sealed class PublicDocumentCache(IMemoryCache cache, TimeSpan lifetime)
{
    public async Task<PublicDocument?> GetAsync(SigningDbContext db, string publicId, CancellationToken ct)
    {
        if (cache.TryGetValue(Key(publicId), out PublicDocument? known))
            return known;
        var found = await PublicDocument.FindAsync(db, publicId, ct);
        cache.Set(Key(publicId), found, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime, Size = 1 });
        return found;
    }

    /// <summary>The rendered page for a language, cached with the same lifetime (rendering allocates more than the lookup).</summary>
    public async Task<(string Html, bool Found)> PageAsync(SigningDbContext db, string publicId, PageText text, bool devMode, CancellationToken ct)
    {
        var key = $"{Key(publicId)}:{text.Lang}:{devMode}";
        if (cache.TryGetValue(key, out (string Html, bool Found) page))
            return page;
        var doc = await GetAsync(db, publicId, ct);
        page = (VerificationPage.Render(doc, text, devMode), doc is not null);
        cache.Set(key, page, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime, Size = 1 });
        return page;
    }

    public void Invalidate(string publicId)
    {
        cache.Remove(Key(publicId));
        foreach (var lang in new[] { "id", "en" })
            foreach (var dev in new[] { true, false })
                cache.Remove($"{Key(publicId)}:{lang}:{dev}");
    }

    private static string Key(string publicId) => "v:" + publicId;
}
