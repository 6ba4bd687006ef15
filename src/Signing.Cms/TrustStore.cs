using Org.BouncyCastle.X509;
using Signing.Abstractions;

namespace Signing.Cms;

/// <summary>
/// The trust anchors signatures are validated against (RFC 5280 §6.1.1 d: a trusted name and key).
/// Immutable and safe to share between threads.
/// </summary>
public sealed class TrustStore
{
    private readonly X509Certificate[] _roots;

    private TrustStore(IEnumerable<X509Certificate> roots)
    {
        var unique = new List<X509Certificate>();
        foreach (var root in roots)
        {
            if (!unique.Exists(r => r.Equals(root)))
                unique.Add(root);
        }

        _roots = [.. unique];
    }

    /// <summary>Number of distinct trust anchors.</summary>
    public int Count => _roots.Length;

    /// <summary>The trust anchors, DER.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Certificates =>
        _roots.Select(r => (ReadOnlyMemory<byte>)r.GetEncoded()).ToList();

    internal IReadOnlyList<X509Certificate> Roots => _roots;

    /// <summary>
    /// Every certificate in the given PEM files (or single-certificate DER files). A PEM file without
    /// any certificate is a <see cref="CertificateException"/>: an empty trust store trusts nothing.
    /// </summary>
    public static TrustStore FromPemFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var roots = new List<X509Certificate>();
        foreach (var path in paths)
        {
            var bytes = File.ReadAllBytes(path);
            var text = System.Text.Encoding.ASCII.GetString(bytes);
            if (!text.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                roots.Add(CertificateInfo.Parse(bytes));
                continue;
            }

            var certificates = PemCertificates.Read(text);
            if (certificates.Count == 0)
            {
                throw new CertificateException(ErrorCodes.CertificateUnusable,
                    $"The trust file {path} contains no certificate.");
            }

            roots.AddRange(certificates.Select(der => CertificateInfo.Parse(der)));
        }

        return new TrustStore(roots);
    }

    public static TrustStore FromCertificates(IEnumerable<ReadOnlyMemory<byte>> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        return new TrustStore(roots.Select(CertificateInfo.Parse).ToList());
    }

    internal bool Contains(X509Certificate certificate) => Array.Exists(_roots, r => r.Equals(certificate));
}
