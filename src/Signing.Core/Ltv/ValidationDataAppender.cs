using Signing.Cms;
using Signing.Cms.Revocation;
using Signing.Cms.Tsp;
using Signing.Core.Validation;
using Signing.Pdf;

namespace Signing.Core.Ltv;

/// <summary>
/// Appends a /DSS update (EN 319 142-1 §5.4.2, ISO 32000-2 §12.8.4.3) holding, for every signature and
/// document time-stamp in the file, its certificate path, the TSA's path, and OCSP responses / CRLs for
/// each of them, with a /VRI entry per signature. A signature that already has its /VRI entry is left
/// alone: its data is in the store (B-LTA and archiving call this again after a document time-stamp).
/// </summary>
internal static class ValidationDataAppender
{
    public static async Task AppendAsync(Stream pdf, LtvServices services, CancellationToken ct)
    {
        byte[] update;
        using (var source = PdfDocumentSource.Open(pdf))
        {
            var all = RevocationData.Empty;
            var vri = new List<DssVriEntry>();
            var covered = source.ReadDss()?.Vri.Select(v => v.Key).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
            foreach (var signature in source.ReadSignatures())
            {
                var cms = DerTrim.TrimPadding(signature.Contents);
                if (covered.Contains(DssVriEntry.KeyOf(cms)))
                {
                    continue;
                }
                var data = await CollectAsync(cms, signature.Type, services, ct).ConfigureAwait(false);
                all = all.Merge(data);
                vri.Add(new DssVriEntry(cms, data.Certificates, data.OcspResponses, data.Crls));
            }
            if (vri.Count == 0)
            {
                return;
            }
            update = PdfDssAppender.Prepare(source, pdf, new DssContent(all.Certificates, all.OcspResponses, all.Crls, vri));
        }
        pdf.Seek(0, SeekOrigin.End);
        await pdf.WriteAsync(update, ct).ConfigureAwait(false);
        await pdf.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Validation data for one signature (or document time-stamp) and its time-stamps' TSAs.</summary>
    private static async Task<RevocationData> CollectAsync(byte[] cms, string type, LtvServices services, CancellationToken ct)
    {
        var data = await FetchForChain(CmsCertificateChains.SignerChain(cms), services, ct).ConfigureAwait(false);
        if (type != "DocTimeStamp")
        {
            foreach (var token in CadesTimestamps.ReadSignatureTimestampDers(cms))
            {
                data = data.Merge(await FetchForChain(CmsCertificateChains.SignerChain(token), services, ct).ConfigureAwait(false));
            }
        }
        return data;
    }

    private static async Task<RevocationData> FetchForChain(IReadOnlyList<byte[]> chain, LtvServices services, CancellationToken ct)
    {
        if (chain.Count == 0)
        {
            return RevocationData.Empty;
        }
        var memories = chain.Select(c => (ReadOnlyMemory<byte>)c).ToList();
        var data = await services.Revocation.FetchAsync(memories, ct).ConfigureAwait(false);
        return data.WithCertificates(memories);
    }
}
