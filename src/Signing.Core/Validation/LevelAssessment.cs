using Signing.Cms;
using Signing.Cms.Revocation;
using Signing.Pdf;

namespace Signing.Core.Validation;

/// <summary>
/// The PAdES baseline level reached (EN 319 142-1 §6): B-T needs a valid signature time-stamp or a valid
/// document time-stamp after the signature; B-LT needs the path's validation data in the /DSS; B-LTA needs
/// a valid document time-stamp over a revision that already held that data.
/// </summary>
internal static class LevelAssessment
{
    public sealed record DocTimestamp(long CoveredEnd, bool Valid, DateTimeOffset? Time);

    public static string Of(string baseLevel, long signatureEnd, bool signatureTimestampValid,
        IReadOnlyList<DocTimestamp> docTimestamps, bool validationDataComplete,
        Func<long, bool> validationDataPresentInRevision)
    {
        if (baseLevel != "B-B")
        {
            return baseLevel;
        }
        var later = docTimestamps.Where(t => t.Valid && t.CoveredEnd > signatureEnd).ToList();
        if (!signatureTimestampValid && later.Count == 0)
        {
            return "B-B";
        }
        if (!validationDataComplete)
        {
            return "B-T";
        }
        return later.Any(t => validationDataPresentInRevision(t.CoveredEnd)) ? "B-LTA" : "B-LT";
    }

    /// <summary>The DSS of the document as it was up to <paramref name="end"/>, as revocation data.</summary>
    public static RevocationData DssAt(Stream pdf, long end)
    {
        using var source = PdfDocumentSource.Open(new PrefixStream(pdf, end));
        return ToRevocationData(source.ReadDss());
    }

    public static RevocationData ToRevocationData(DssContent? dss) => dss is null
        ? RevocationData.Empty
        : new RevocationData(dss.Certificates, dss.OcspResponses, dss.Crls, []);

    public static bool Complete(IReadOnlyList<ReadOnlyMemory<byte>> chain, RevocationData data, DateTimeOffset at) =>
        chain.Count > 0 && RevocationChecker.CheckChain(chain, data, at).All(s => s.Status == RevocationStatus.Good);

    public static IReadOnlyList<ReadOnlyMemory<byte>> ChainOf(byte[] cms, RevocationData dss) =>
        CmsCertificateChains.SignerChain(cms, dss.Certificates.Select(c => (ReadOnlyMemory<byte>)c))
            .Select(c => (ReadOnlyMemory<byte>)c).ToList();
}
