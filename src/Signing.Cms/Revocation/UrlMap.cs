namespace Signing.Cms.Revocation;

/// <summary>
/// "FROM=TO" prefixes: URLs named in certificates (OCSP, CRL, CA issuers) fetched from a mirror instead — a
/// local copy in a closed network, or the dev PKI when it does not listen where its certificates say.
/// </summary>
public static class UrlMap
{
    public static Func<Uri, Uri> Parse(IEnumerable<string> maps)
    {
        var pairs = maps.Select(m => m.Split('=', 2)).Where(p => p.Length == 2).Select(p => (From: p[0], To: p[1])).ToList();
        return uri =>
        {
            var text = uri.ToString();
            foreach (var (from, to) in pairs)
            {
                if (text.StartsWith(from, StringComparison.OrdinalIgnoreCase))
                {
                    return new Uri(to + text[from.Length..]);
                }
            }
            return uri;
        };
    }
}
