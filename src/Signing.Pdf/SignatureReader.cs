using UglyToad.PdfPig.Tokens;

namespace Signing.Pdf;

/// <summary>Reads signature dictionaries (ISO 32000-1 §12.8.1) and the DocMDP permission (§12.8.2.2).</summary>
internal static class SignatureReader
{
    public static IReadOnlyList<EmbeddedSignature> Read(PdfObjects objects, IEnumerable<FieldEntry> fields)
    {
        var signatures = new List<EmbeddedSignature>();
        foreach (var field in fields.Where(f => f.IsSignature))
        {
            if (objects.Get<DictionaryToken>(field.Dictionary, "V") is not { } dictionary)
            {
                continue;
            }

            signatures.Add(new EmbeddedSignature(
                field.FullName,
                objects.GetName(dictionary, "Type") ?? "Sig",
                objects.GetName(dictionary, "SubFilter"),
                ByteRange(objects, dictionary),
                Contents(objects.Resolve(dictionary.Data.GetValueOrDefault("Contents"))),
                PdfDate.TryParse(objects.GetText(dictionary, "M")),
                objects.GetText(dictionary, "Name"),
                objects.GetText(dictionary, "Reason"),
                objects.GetText(dictionary, "Location")));
        }

        // File order: a later revision's signature covers more bytes, so its /Contents sits further on.
        return signatures
            .OrderBy(s => s.ByteRange.Length > 1 ? s.ByteRange[1] : long.MaxValue)
            .ThenBy(s => s.FieldName, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// /Perms /DocMDP names the certification signature; its /Reference entry with /TransformMethod /DocMDP
    /// carries /TransformParams /P, which defaults to 2 (Table 254).
    /// </summary>
    public static int? DocMdpPermission(PdfObjects objects, DictionaryToken catalog)
    {
        var certification = objects.Get<DictionaryToken>(objects.Get<DictionaryToken>(catalog, "Perms"), "DocMDP");
        if (certification is null)
        {
            return null;
        }

        foreach (var item in objects.Get<ArrayToken>(certification, "Reference")?.Data ?? [])
        {
            if (objects.Resolve(item) is DictionaryToken reference && objects.GetName(reference, "TransformMethod") == "DocMDP")
            {
                var permission = objects.GetNumber(objects.Get<DictionaryToken>(reference, "TransformParams"), "P");
                return permission is >= 1 and <= 3 ? (int)permission.Value : 2;
            }
        }

        return 2;
    }

    /// <summary>
    /// The DER element at the start of a /Contents value, without the zero padding after it (a definite length,
    /// X.690 §8.1.3); the whole value when it does not start with one that fits.
    /// </summary>
    public static byte[] TrimToDer(byte[] contents)
    {
        if (contents.Length < 2 || (contents[0] & 0x1F) == 0x1F || contents[1] == 0x80)
        {
            return contents;
        }

        long length = contents[1];
        var header = 2;
        if (length > 0x80)
        {
            var count = (int)(length & 0x7F);
            if (count > 4 || 2 + count > contents.Length)
            {
                return contents;
            }

            length = 0;
            for (var i = 0; i < count; i++)
            {
                length = (length << 8) | contents[2 + i];
            }

            header += count;
        }

        return header + length <= contents.Length ? contents[..(int)(header + length)] : contents;
    }

    private static long[] ByteRange(PdfObjects objects, DictionaryToken dictionary) =>
        objects.Get<ArrayToken>(dictionary, "ByteRange")?.Data
            .Select(objects.Resolve)
            .OfType<NumericToken>()
            .Select(n => n.Long)
            .ToArray() ?? [];

    private static byte[] Contents(IToken? token) => token switch
    {
        HexToken hex => hex.Bytes.ToArray(),
        StringToken text => text.GetBytes(),
        _ => [],
    };
}
