using System.Text;
using UglyToad.PdfPig.Tokens;

namespace Signing.Pdf;

/// <summary>Text strings (ISO 32000-1 §7.9.2.2): PDFDocEncoding or UTF-16BE with a byte order mark.</summary>
internal static class PdfText
{
    public static string? Decode(IToken? token) => token switch
    {
        // PdfPig already honours the UTF-16 byte order mark when it reads a literal string.
        StringToken text => text.Data,
        HexToken hex => Decode(hex.Bytes),
        NameToken name => name.Data,
        _ => null,
    };

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }

        // PDF 2.0 (ISO 32000-2 §7.9.2.2.1) also allows UTF-8 with its byte order mark.
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return Encoding.UTF8.GetString(bytes[3..]);
        }

        // PDFDocEncoding equals Latin-1 for the printable ASCII and 0xA1..0xFF ranges, which covers Latin names.
        return Encoding.Latin1.GetString(bytes);
    }

    /// <summary>
    /// Bytes for a text string: Latin-1 when PDFDocEncoding reads it the same, UTF-16BE with a byte order mark otherwise.
    /// </summary>
    public static byte[] Encode(string text)
    {
        if (text.All(c => c is >= ' ' and <= '~' or >= '\u00A1' and <= '\u00FF' and not '\u00AD'))
        {
            return Encoding.Latin1.GetBytes(text);
        }

        var utf16 = Encoding.BigEndianUnicode.GetBytes(text);
        var bytes = new byte[utf16.Length + 2];
        bytes[0] = 0xFE;
        bytes[1] = 0xFF;
        utf16.CopyTo(bytes, 2);
        return bytes;
    }

    /// <summary>
    /// A string token whose bytes are exactly <see cref="Encode"/>'s; never PdfPig's UTF-16 constructor, which
    /// PdfPig 0.1.16 writes without escaping parentheses.
    /// </summary>
    public static StringToken Token(string text) => new(text, StringToken.Encoding.Iso88591, Encode(text));
}
