using System.Globalization;
using System.Text;
using Signing.Abstractions;

namespace Signing.Pdf;

/// <summary>
/// The raw bytes around the body: the %PDF- header (ISO 32000-1 §7.5.2) and the last startxref (§7.5.5).
/// Read directly from the stream because PdfPig silently repairs both, and an incremental update written
/// over a repaired file is rejected by validators.
/// </summary>
internal static class PdfFileFraming
{
    public const int HeaderSearchBytes = 1024;
    public const int TailSearchBytes = 4096;

    public static void RequireHeader(Stream input, long length)
    {
        var head = ReadAt(input, 0, (int)Math.Min(HeaderSearchBytes, length));
        if (head.AsSpan().IndexOf("%PDF-"u8) < 0)
        {
            throw new PdfFormatException(ErrorCodes.PdfNotAPdf, "The input is not a PDF: no %PDF- header in its first 1024 bytes.");
        }
    }

    /// <summary>The offset declared by the last "startxref" in the file tail.</summary>
    public static long ReadLastStartXref(Stream input, long length)
    {
        var tailLength = (int)Math.Min(TailSearchBytes, length);
        var tail = ReadAt(input, length - tailLength, tailLength);
        var keyword = tail.AsSpan().LastIndexOf("startxref"u8);
        if (keyword < 0)
        {
            throw PdfPigErrors.Malformed("The PDF has no startxref near its end (truncated or damaged file).");
        }

        var position = keyword + "startxref".Length;
        while (position < tail.Length && IsWhitespace(tail[position]))
        {
            position++;
        }

        var start = position;
        while (position < tail.Length && position - start < 19 && char.IsAsciiDigit((char)tail[position]))
        {
            position++;
        }

        if (position == start ||
            !long.TryParse(Encoding.ASCII.GetString(tail, start, position - start), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ||
            offset <= 0 || offset >= length)
        {
            throw PdfPigErrors.Malformed("The startxref value at the end of the PDF is missing or points outside the file.");
        }

        return offset;
    }

    /// <summary>
    /// Whether a cross-reference section starts exactly at <paramref name="offset"/>: the "xref" keyword of a
    /// table (§7.5.4) or the "n g obj" header of a cross-reference stream (§7.5.8).
    /// </summary>
    public static bool StartsCrossReferenceSection(Stream input, long offset, long length)
    {
        if (offset < 0 || offset >= length)
        {
            return false;
        }

        var bytes = ReadAt(input, offset, (int)Math.Min(64, length - offset));
        if (bytes.AsSpan().StartsWith("xref"u8))
        {
            return true;
        }

        var i = 0;
        return SkipDigits(bytes, ref i) && SkipWhitespace(bytes, ref i) && SkipDigits(bytes, ref i) &&
               SkipWhitespace(bytes, ref i) && bytes.AsSpan(i).StartsWith("obj"u8);
    }

    public static bool EndsWithEndOfLine(Stream input, long length) =>
        length > 0 && ReadAt(input, length - 1, 1)[0] is (byte)'\n' or (byte)'\r';

    /// <summary>Reads a span of the file and puts the stream position back, since PdfPig reads the same stream.</summary>
    public static byte[] ReadAt(Stream input, long offset, int count)
    {
        var saved = input.Position;
        try
        {
            input.Position = offset;
            var buffer = new byte[count];
            input.ReadExactly(buffer);
            return buffer;
        }
        finally
        {
            input.Position = saved;
        }
    }

    private static bool IsWhitespace(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;

    private static bool SkipDigits(byte[] bytes, ref int i)
    {
        var start = i;
        while (i < bytes.Length && char.IsAsciiDigit((char)bytes[i]))
        {
            i++;
        }

        return i > start;
    }

    private static bool SkipWhitespace(byte[] bytes, ref int i)
    {
        var start = i;
        while (i < bytes.Length && IsWhitespace(bytes[i]))
        {
            i++;
        }

        return i > start;
    }
}
