using System.Buffers;
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

    /// <summary>
    /// The end of the newest revision: just after the %%EOF (and its end-of-line marker) that follows the last
    /// startxref (§7.5.5), or the file length when that marker is missing.
    /// </summary>
    public static long EndOfLastRevision(Stream input, long length)
    {
        var tailLength = (int)Math.Min(TailSearchBytes, length);
        var tailStart = length - tailLength;
        var tail = ReadAt(input, tailStart, tailLength);
        var keyword = tail.AsSpan().LastIndexOf("startxref"u8);
        var marker = keyword < 0 ? -1 : tail.AsSpan(keyword).IndexOf("%%EOF"u8);
        return marker < 0 ? length : AfterEndOfFileMarker(input, tailStart + keyword + marker, length);
    }

    /// <summary>
    /// The end of a revision, given the offset of its last cross-reference section: the first
    /// "startxref n %%EOF" after it (§7.5.5), searched no further than <paramref name="to"/>. Null when there is none.
    /// Reads through one reused buffer, so a large section costs time, not memory.
    /// </summary>
    public static long? FindRevisionEnd(Stream input, long from, long to)
    {
        const int Chunk = 64 * 1024;
        var buffer = ArrayPool<byte>.Shared.Rent(Chunk);
        var saved = input.Position;
        try
        {
            // Consecutive reads overlap by four bytes, so a marker across a boundary is seen whole once.
            for (var position = from; position < to; position += Chunk - 4)
            {
                var count = (int)Math.Min(Chunk, to - position);
                input.Position = position;
                input.ReadExactly(buffer, 0, count);
                var span = buffer.AsSpan(0, count);
                for (var at = span.IndexOf("%%EOF"u8); at >= 0; at = NextMarker(span, at))
                {
                    var marker = position + at;
                    if (StartXrefBefore(input, marker) is not null)
                    {
                        return AfterEndOfFileMarker(input, marker, to);
                    }
                }

                if (count < Chunk)
                {
                    break;
                }
            }

            return null;
        }
        finally
        {
            input.Position = saved;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int NextMarker(ReadOnlySpan<byte> span, int previous)
    {
        var next = span[(previous + 1)..].IndexOf("%%EOF"u8);
        return next < 0 ? -1 : previous + 1 + next;
    }

    /// <summary>The value of a "startxref n" that ends right before <paramref name="marker"/>, if one does.</summary>
    private static long? StartXrefBefore(Stream input, long marker)
    {
        var windowStart = Math.Max(0, marker - 64);
        var window = ReadAt(input, windowStart, (int)(marker - windowStart));
        var i = window.Length;
        while (i > 0 && IsWhitespace(window[i - 1]))
        {
            i--;
        }

        var digitsEnd = i;
        while (i > 0 && char.IsAsciiDigit((char)window[i - 1]) && digitsEnd - i < 19)
        {
            i--;
        }

        var digitsStart = i;
        while (i > 0 && IsWhitespace(window[i - 1]))
        {
            i--;
        }

        if (digitsStart == digitsEnd || i == digitsStart || !window.AsSpan(0, i).EndsWith("startxref"u8))
        {
            return null;
        }

        return long.TryParse(Encoding.ASCII.GetString(window, digitsStart, digitsEnd - digitsStart), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
    }

    /// <summary>The offset after "%%EOF" at <paramref name="marker"/> and one end-of-line marker (CR, LF or CRLF).</summary>
    private static long AfterEndOfFileMarker(Stream input, long marker, long limit)
    {
        var position = marker + "%%EOF".Length;
        var next = ReadAt(input, position, (int)Math.Clamp(limit - position, 0, 2));
        return position + next switch
        {
            [(byte)'\r', (byte)'\n', ..] => 2,
            [(byte)'\r' or (byte)'\n', ..] => 1,
            _ => 0,
        };
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
