using System.Globalization;
using System.Text;
using UglyToad.PdfPig.Tokens;

namespace Signing.Pdf;

/// <summary>
/// The signature dictionary (ISO 32000-1 §12.8.1, Table 252) written by hand around two fixed-width
/// placeholders, as pyHanko's pdf_byterange.py does: /ByteRange is patched once the update's length is
/// known, /Contents is filled with the DER after hashing.
/// </summary>
internal sealed class SignatureDictionaryLayout
{
    private const int DigitsPerOffset = 10;
    private static readonly string ByteRangePlaceholder = $"[0 {new string('0', DigitsPerOffset)} {new string('0', DigitsPerOffset)} {new string('0', DigitsPerOffset)}]";

    private SignatureDictionaryLayout(byte[] body, int byteRangeOffset, int contentsOffset)
    {
        Body = body;
        ByteRangeOffset = byteRangeOffset;
        ContentsOffset = contentsOffset;
    }

    public byte[] Body { get; }

    /// <summary>Offset in <see cref="Body"/> of the '[' of the /ByteRange placeholder.</summary>
    public int ByteRangeOffset { get; }

    /// <summary>Offset in <see cref="Body"/> of the '&lt;' of /Contents.</summary>
    public int ContentsOffset { get; }

    public static SignatureDictionaryLayout Create(SignatureDictionaryValues values)
    {
        var entries = new List<(string Key, IToken Value)>
        {
            ("Type", NameToken.Create(values.Type)),
            ("Filter", NameToken.Create(values.Filter)),
            ("SubFilter", NameToken.Create(values.SubFilter)),
        };

        if (values.SigningTime is { } time)
        {
            entries.Add(("M", PdfText.Token(PdfDate.Format(time))));
        }

        foreach (var (key, text) in new[] { ("Name", values.Name), ("Reason", values.Reason), ("Location", values.Location), ("ContactInfo", values.ContactInfo) })
        {
            if (text is not null)
            {
                entries.Add((key, PdfText.Token(text)));
            }
        }

        using var body = new MemoryStream();
        body.Write("<<"u8);
        foreach (var (key, value) in entries)
        {
            Ascii(body, PdfTokenSerializer.FormatName(key) + " ");
            PdfTokenSerializer.Shared.WriteToken(value, body);
        }

        Ascii(body, "/ByteRange ");
        var byteRangeOffset = (int)body.Position;
        Ascii(body, ByteRangePlaceholder + " /Contents ");
        var contentsOffset = (int)body.Position;
        body.WriteByte((byte)'<');
        body.Write(Enumerable.Repeat((byte)'0', 2 * values.ContentsCapacity).ToArray());
        Ascii(body, "> >>");
        return new SignatureDictionaryLayout(body.ToArray(), byteRangeOffset, contentsOffset);
    }

    /// <summary>Writes the final /ByteRange over the placeholder, padded with spaces to the same width.</summary>
    public static void PatchByteRange(byte[] update, int placeholderOffset, long[] byteRange)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"[{byteRange[0]} {byteRange[1]} {byteRange[2]} {byteRange[3]}]");
        if (text.Length > ByteRangePlaceholder.Length)
        {
            throw new InvalidOperationException($"/ByteRange {text} does not fit its {ByteRangePlaceholder.Length}-byte placeholder.");
        }

        Encoding.ASCII.GetBytes(text.PadRight(ByteRangePlaceholder.Length)).CopyTo(update, placeholderOffset);
    }

    private static void Ascii(Stream stream, string text) => stream.Write(Encoding.ASCII.GetBytes(text));
}
