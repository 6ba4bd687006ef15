using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.X509;

namespace Signing.Cms;

/// <summary>
/// The signer's certificate path as carried in a CMS SignedData's certificate bag (RFC 5652 §5.1) — a
/// PAdES signature or an RFC 3161 token — leaf first, ordered by issuer/subject. What the B-LT step
/// fetches revocation data for (EN 319 142-1 §5.4.2), without any trust decision.
/// </summary>
public static class CmsCertificateChains
{
    /// <summary>Leaf first; the leaf is the certificate the single SignerInfo names. Empty if none is found.</summary>
    public static IReadOnlyList<byte[]> SignerChain(ReadOnlyMemory<byte> cmsDer, IEnumerable<ReadOnlyMemory<byte>>? extraCertificates = null)
    {
        CmsSignedData cms;
        try
        {
            cms = new CmsSignedData(cmsDer.ToArray());
        }
        catch (CmsException)
        {
            return [];
        }
        var pool = cms.GetCertificates().EnumerateMatches(null).ToList();
        foreach (var extra in extraCertificates ?? [])
        {
            pool.Add(CertificateInfo.Parse(extra));
        }
        var signer = cms.GetSignerInfos().GetSigners().FirstOrDefault();
        var leaf = signer is null ? null : pool.FirstOrDefault(c => signer.SignerID.Match(c));
        return leaf is null ? [] : Walk(leaf, pool);
    }

    private static List<byte[]> Walk(X509Certificate leaf, List<X509Certificate> pool)
    {
        var chain = new List<byte[]> { leaf.GetEncoded() };
        var current = leaf;
        // Bounded by the pool size: a bag with a loop cannot make this run forever.
        for (int i = 0; i < pool.Count && !current.SubjectDN.Equivalent(current.IssuerDN); i++)
        {
            var issuer = pool.FirstOrDefault(c => c.SubjectDN.Equivalent(current.IssuerDN) && !c.Equals(current) && SignedBy(current, c));
            if (issuer is null)
            {
                break;
            }
            chain.Add(issuer.GetEncoded());
            current = issuer;
        }
        return chain;
    }

    /// <summary>
    /// Linked by name and, when both carry them, authority/subject key identifiers (RFC 5280 §4.2.1.1-2).
    /// No signature check: collecting validation data needs the path, the validator proves it.
    /// </summary>
    private static bool SignedBy(X509Certificate certificate, X509Certificate issuer)
    {
        var aki = certificate.GetExtensionValue(X509Extensions.AuthorityKeyIdentifier);
        var ski = issuer.GetExtensionValue(X509Extensions.SubjectKeyIdentifier);
        if (aki is null || ski is null)
        {
            return true;
        }
        var keyId = AuthorityKeyIdentifier.GetInstance(aki.GetOctets()).KeyIdentifier?.GetOctets();
        return keyId is null || keyId.AsSpan().SequenceEqual(Asn1OctetString.GetInstance(ski.GetOctets()).GetOctets());
    }
}
