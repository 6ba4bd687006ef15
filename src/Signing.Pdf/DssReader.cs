using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace Signing.Pdf;

/// <summary>
/// Reads the Document Security Store (ISO 32000-2 §12.8.4.3): the catalog's /DSS, its /Certs, /OCSPs and /CRLs
/// arrays of streams and its /VRI dictionary (§12.8.4.4). Each stream is decoded once, through the document's
/// decode budget.
/// </summary>
internal sealed class DssReader(PdfObjects objects, Func<StreamToken, byte[]> decode)
{
    private readonly Dictionary<IndirectReference, byte[]> decoded = [];

    /// <summary>The catalog's /DSS dictionary, or null when there is none.</summary>
    public DictionaryToken? Dictionary(DictionaryToken catalog) => objects.Get<DictionaryToken>(catalog, "DSS");

    /// <summary>
    /// The items of the array under <paramref name="key"/> as they are stored (normally references), each with
    /// its decoded stream data, or null data when the item is not a stream.
    /// </summary>
    public IReadOnlyList<(IToken Item, byte[]? Data)> Items(DictionaryToken? dictionary, string key) =>
        objects.Get<ArrayToken>(dictionary, key)?.Data.Select(item => (item, Data(item))).ToList() ?? [];

    public byte[]? Data(IToken item)
    {
        var reference = (item as IndirectReferenceToken)?.Data;
        if (reference is { } cachedReference && decoded.TryGetValue(cachedReference, out var cached))
        {
            return cached;
        }

        if (objects.Resolve(item) is not StreamToken stream)
        {
            return null;
        }

        var data = PdfPigErrors.Guard("Decoding a document security store stream", () => decode(stream));
        if (reference is { } key)
        {
            decoded[key] = data;
        }

        return data;
    }

    /// <summary>
    /// The store's contents; null without a /DSS. VRI entries are matched to the document's signatures by their
    /// key, the SHA-1 of the /Contents DER (or, as some writers hash it, of the whole padded /Contents).
    /// </summary>
    public DssContent? Read(DictionaryToken catalog, IReadOnlyList<EmbeddedSignature> signatures)
    {
        var dss = Dictionary(catalog);
        if (dss is null)
        {
            return null;
        }

        var signatureByKey = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var signature in signatures)
        {
            var der = SignatureReader.TrimToDer(signature.Contents);
            signatureByKey.TryAdd(DssVriEntry.KeyOf(der), der);
            signatureByKey.TryAdd(DssVriEntry.KeyOf(signature.Contents), der);
        }

        var vri = new List<DssVriEntry>();
        foreach (var (key, value) in objects.Get<DictionaryToken>(dss, "VRI")?.Data ?? new Dictionary<string, IToken>())
        {
            if (objects.Resolve(value) is DictionaryToken entry)
            {
                vri.Add(new DssVriEntry(signatureByKey.GetValueOrDefault(key, []), Values(entry, "Cert"), Values(entry, "OCSP"), Values(entry, "CRL"))
                {
                    Key = key,
                    ValidationTime = PdfDate.TryParse(objects.GetText(entry, "TU")),
                });
            }
        }

        return new DssContent(Values(dss, "Certs"), Values(dss, "OCSPs"), Values(dss, "CRLs"), vri);
    }

    private List<byte[]> Values(DictionaryToken dictionary, string key) =>
        Items(dictionary, key).Select(i => i.Data).OfType<byte[]>().ToList();
}
