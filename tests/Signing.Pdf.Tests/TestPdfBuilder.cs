using System.IO.Compression;
using System.Text;

namespace Signing.Pdf.Tests;

/// <summary>
/// Writes small PDFs with a classic xref table, object by object, so tests can make exactly the damage
/// they are about (cycles, loops, bombs) without a PDF library.
/// </summary>
internal sealed class TestPdfBuilder
{
    private readonly SortedDictionary<int, byte[]> objects = [];

    public string TrailerExtra { get; set; } = "";

    /// <summary>Makes the trailer's /Prev point back at its own xref table.</summary>
    public bool PrevPointsAtItself { get; set; }

    /// <summary>
    /// Writes a hybrid-reference file (ISO 32000-1 §7.5.8.4): object <see cref="HybridStreamNumber"/> is an
    /// xref stream listing every object again, named by the table's trailer /XRefStm.
    /// </summary>
    public bool Hybrid { get; set; }

    public const int HybridStreamNumber = 90;

    /// <summary>Added to the real xref offset when writing startxref.</summary>
    public int StartXrefError { get; set; }

    public TestPdfBuilder Object(int number, string body) => Object(number, Encoding.Latin1.GetBytes(body));

    public TestPdfBuilder Object(int number, byte[] body)
    {
        objects[number] = body;
        return this;
    }

    public TestPdfBuilder Stream(int number, byte[] data, string extraEntries = "")
    {
        var head = Encoding.ASCII.GetBytes($"<< /Length {data.Length} {extraEntries}>>\nstream\n");
        return Object(number, [.. head, .. data, .. "\nendstream"u8]);
    }

    /// <summary>Catalog 1, pages 2, page 3 with content 4 and Helvetica as /F1 (object 5).</summary>
    public static TestPdfBuilder OnePage(string pageExtra = "", string content = "BT /F1 20 Tf 150 200 Td (Hello ${anchor} #) Tj ET", string catalogExtra = "") =>
        new TestPdfBuilder()
            .Object(1, $"<< /Type /Catalog /Pages 2 0 R {catalogExtra}>>")
            .Object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
            .Object(3, $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R {pageExtra}>>")
            .Stream(4, Encoding.ASCII.GetBytes(content))
            .Object(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");

    /// <summary>A zlib stream of <paramref name="count"/> zero bytes, made without holding them in memory.</summary>
    public static byte[] DeflatedZeros(long count)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize))
        {
            var chunk = new byte[1 << 20];
            for (long written = 0; written < count; written += chunk.Length)
            {
                zlib.Write(chunk, 0, (int)Math.Min(chunk.Length, count - written));
            }
        }

        return output.ToArray();
    }

    public byte[] Build()
    {
        var output = new MemoryStream();
        Write(output, "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new Dictionary<int, long>();
        foreach (var (number, body) in objects)
        {
            offsets[number] = output.Position;
            Write(output, $"{number} 0 obj\n");
            output.Write(body);
            Write(output, "\nendobj\n");
        }

        var hybrid = "";
        if (Hybrid)
        {
            var rows = new MemoryStream();
            foreach (var (number, offset) in offsets)
            {
                rows.Write([1, (byte)(offset >> 24), (byte)(offset >> 16), (byte)(offset >> 8), (byte)offset, 0]);
            }

            var index = string.Join(' ', offsets.Keys.Select(n => $"{n} 1"));
            hybrid = $"/XRefStm {output.Position} ";
            Write(output, $"{HybridStreamNumber} 0 obj\n<< /Type /XRef /Size {HybridStreamNumber + 1} /W [1 4 1] /Index [{index}] /Length {rows.Length} >>\nstream\n");
            output.Write(rows.ToArray());
            Write(output, "\nendstream\nendobj\n");
        }

        var size = Hybrid ? HybridStreamNumber + 1 : objects.Keys.Max() + 1;
        var xref = output.Position;
        Write(output, $"xref\n0 {size}\n0000000000 65535 f\r\n");
        for (var number = 1; number < size; number++)
        {
            Write(output, offsets.TryGetValue(number, out var offset) ? $"{offset:D10} 00000 n\r\n" : "0000000000 00000 f\r\n");
        }

        var prev = PrevPointsAtItself ? $"/Prev {xref} " : "";
        Write(output, $"trailer\n<< /Size {size} /Root 1 0 R {prev}{hybrid}{TrailerExtra}>>\nstartxref\n{xref + StartXrefError}\n%%EOF\n");
        return output.ToArray();
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.Latin1.GetBytes(text));
}
