using System.Globalization;
using System.Text;
using UglyToad.PdfPig.Tokens;
using UglyToad.PdfPig.Writer;

namespace Signing.Pdf;

/// <summary>
/// PdfPig's <see cref="TokenWriter"/> with three writers replaced where 0.1.16 is unsafe for copying objects
/// from a real file: strings (its UTF-16 path leaves parentheses unescaped), numbers (integers are written
/// through <c>int</c>, real numbers through a format we do not control) and names (ISO 32000-1 §7.3.5 #xx escapes).
/// </summary>
internal sealed class PdfTokenSerializer : TokenWriter
{
    public static PdfTokenSerializer Shared { get; } = new();

    public byte[] Serialize(IToken token)
    {
        using var buffer = new MemoryStream();
        WriteToken(token, buffer);
        return buffer.ToArray();
    }

    /// <summary>A literal string (§7.3.4.2) of the token's exact bytes, escaping what a reader would alter.</summary>
    protected override void WriteString(StringToken stringToken, Stream outputStream)
    {
        outputStream.WriteByte((byte)'(');
        foreach (var b in stringToken.GetBytes())
        {
            switch (b)
            {
                case (byte)'(' or (byte)')' or (byte)'\\':
                    outputStream.WriteByte((byte)'\\');
                    outputStream.WriteByte(b);
                    break;
                case (byte)'\r':
                    // An unescaped CR (or CRLF) in a literal string is read back as LF (§7.3.4.2).
                    outputStream.Write("\\r"u8);
                    break;
                default:
                    outputStream.WriteByte(b);
                    break;
            }
        }

        outputStream.WriteByte((byte)')');
    }

    protected override void WriteNumber(NumericToken number, Stream outputStream)
    {
        outputStream.Write(Encoding.ASCII.GetBytes(FormatNumber(number.Data)));
        outputStream.WriteByte((byte)' ');
    }

    protected override void WriteName(NameToken name, Stream outputStream)
    {
        outputStream.Write(Encoding.ASCII.GetBytes(FormatName(name.Data)));
        outputStream.WriteByte((byte)' ');
    }

    /// <summary>Integers as integers, reals in fixed notation (PDF has no exponent form, §7.3.3).</summary>
    public static string FormatNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            return "0";
        }

        if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        return value.ToString("0.##########", CultureInfo.InvariantCulture);
    }

    public static string FormatName(string name)
    {
        var text = new StringBuilder("/");
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            if (b is < 0x21 or > 0x7E or (byte)'#' or (byte)'/' or (byte)'%' or (byte)'(' or (byte)')' or (byte)'<' or (byte)'>'
                or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}')
            {
                text.Append(CultureInfo.InvariantCulture, $"#{b:X2}");
            }
            else
            {
                text.Append((char)b);
            }
        }

        return text.ToString();
    }
}
