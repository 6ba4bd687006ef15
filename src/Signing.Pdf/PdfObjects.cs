using Signing.Abstractions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace Signing.Pdf;

/// <summary>
/// Dereferencing over PdfPig's object table. A reference to an object that does not exist means null
/// (ISO 32000-1 §7.3.10); chains of references are followed a bounded number of times.
/// </summary>
internal sealed class PdfObjects(Structure structure)
{
    private const int MaxReferenceHops = 32;

    public IToken? Get(IndirectReference reference)
    {
        if (!structure.CrossReferenceTable.ObjectOffsets.ContainsKey(reference))
        {
            return null;
        }

        var data = PdfPigErrors.Guard($"Reading object {reference}", () => structure.GetObject(reference).Data);
        return data is NullToken ? null : data;
    }

    public IToken? Resolve(IToken? token)
    {
        for (var hops = 0; token is IndirectReferenceToken reference; hops++)
        {
            if (hops == MaxReferenceHops)
            {
                throw PdfPigErrors.Malformed($"Object {reference.Data} is a chain of more than {MaxReferenceHops} references.");
            }

            token = Get(reference.Data);
        }

        return token is NullToken ? null : token;
    }

    public T? Get<T>(DictionaryToken? dictionary, string key)
        where T : class, IToken =>
        dictionary is not null && dictionary.Data.TryGetValue(key, out var value) ? Resolve(value) as T : null;

    public double? GetNumber(DictionaryToken? dictionary, string key) => Get<NumericToken>(dictionary, key)?.Data;

    public string? GetName(DictionaryToken? dictionary, string key) => Get<NameToken>(dictionary, key)?.Data;

    public string? GetText(DictionaryToken? dictionary, string key) =>
        dictionary is not null && dictionary.Data.TryGetValue(key, out var value) ? PdfText.Decode(Resolve(value)) : null;

    /// <summary>A rectangle array (ISO 32000-1 §7.9.5), normalised; null unless it is four numbers.</summary>
    public PdfRect? GetRect(DictionaryToken? dictionary, string key)
    {
        var array = Get<ArrayToken>(dictionary, key);
        if (array is null || array.Data.Count != 4)
        {
            return null;
        }

        var values = new double[4];
        for (var i = 0; i < 4; i++)
        {
            if (Resolve(array.Data[i]) is not NumericToken number || !double.IsFinite(number.Data))
            {
                return null;
            }

            values[i] = number.Data;
        }

        return new PdfRect(values[0], values[1], values[2], values[3]);
    }

    /// <summary>The reference under <paramref name="key"/> when the value is stored indirectly.</summary>
    public static IndirectReference? ReferenceOf(DictionaryToken? dictionary, string key) =>
        dictionary is not null && dictionary.Data.TryGetValue(key, out var value) && value is IndirectReferenceToken reference
            ? reference.Data
            : null;
}
