using System.Globalization;
using System.Text;
using Signing.Abstractions;

namespace Signing.Stamps.Tests.Support;

/// <summary>
/// Writes a one-page PDF by hand (ISO 32000-1 §7.5: header, objects, xref table, trailer) so the tests can
/// hand a content stream to a real renderer without any PDF library.
/// </summary>
public static class MinimalPdf
{
    public static byte[] OnePage(
        byte[] content, PdfRect mediaBox, PdfRect? cropBox = null, int rotate = 0,
        IReadOnlyDictionary<string, string>? fonts = null)
    {
        fonts ??= new Dictionary<string, string>();
        var fontNames = fonts.Keys.Order(StringComparer.Ordinal).ToList();
        var fontObject = fontNames.Select((name, i) => (name, number: 5 + i)).ToList();

        var objects = new List<byte[]>
        {
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            Ascii("<< /Type /Page /Parent 2 0 R /MediaBox " + Array(mediaBox) +
                  (cropBox is { } crop ? " /CropBox " + Array(crop) : "") +
                  (rotate != 0 ? " /Rotate " + rotate.ToString(CultureInfo.InvariantCulture) : "") +
                  " /Resources << /Font << " +
                  string.Concat(fontObject.Select(f => $"/{f.name} {f.number} 0 R ")) +
                  ">> >> /Contents 4 0 R >>"),
            Stream(content),
        };
        objects.AddRange(fontNames.Select(name =>
            Ascii($"<< /Type /Font /Subtype /Type1 /BaseFont /{fonts[name]} /Encoding /WinAnsiEncoding >>")));

        using var pdf = new MemoryStream();
        Write(pdf, "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            Write(pdf, $"{i + 1} 0 obj\n");
            pdf.Write(objects[i]);
            Write(pdf, "\nendobj\n");
        }
        var xref = pdf.Position;
        Write(pdf, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
            Write(pdf, $"{offset:D10} 00000 n \n");
        Write(pdf, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    private static string Array(PdfRect r) => string.Create(CultureInfo.InvariantCulture,
        $"[{r.Left:0.###} {r.Bottom:0.###} {r.Right:0.###} {r.Top:0.###}]");

    private static byte[] Stream(byte[] content) =>
        [.. Ascii($"<< /Length {content.Length} >>\nstream\n"), .. content, .. Ascii("\nendstream")];

    private static byte[] Ascii(string s) => Encoding.Latin1.GetBytes(s);

    private static void Write(Stream stream, string s) => stream.Write(Encoding.Latin1.GetBytes(s));
}
