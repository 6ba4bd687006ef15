using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace Signing.Pdf;

public sealed partial class PdfDocumentSource
{
    private DssReader? dssReader;

    internal DssReader Dss => dssReader ??= new DssReader(Objects, DecodeStream);

    /// <summary>
    /// The Document Security Store (ISO 32000-2 §12.8.4.3, ETSI EN 319 142-1 §5.4.2): the decoded streams of
    /// /Certs, /OCSPs and /CRLs in array order, and the /VRI entries as present; null when the catalog has no /DSS.
    /// Decoding counts against the source's decode budget (<see cref="PdfReadLimits"/>).
    /// </summary>
    public DssContent? ReadDss() => PdfPigErrors.Guard("Reading the document security store", () => Dss.Read(Catalog, ReadSignatures()));

    /// <summary>A stream's data with its /Filter chain applied (§7.4), Flate bounded by the decode budget.</summary>
    private byte[] DecodeStream(StreamToken stream)
    {
        var provider = new BoundedFilterProvider(DefaultFilterProvider.Instance, decodeBudget);
        var filters = provider.GetFilters(stream.StreamDictionary);
        var data = stream.Data;
        for (var index = 0; index < filters.Count; index++)
        {
            if (!filters[index].IsSupported)
            {
                throw PdfPigErrors.Malformed($"A stream uses the unsupported filter {filters[index].GetType().Name}.");
            }

            data = filters[index].Decode(data, stream.StreamDictionary, provider, index);
        }

        return data.ToArray();
    }
}
