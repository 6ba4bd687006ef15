using System.Globalization;
using System.Text;

namespace TestSupport;

/// <summary>
/// Minimal one-page PDFs with a chosen MediaBox, CropBox, /Rotate and body text (e.g. an anchor such as
/// "${ttd_kadis}"), for the page geometries the real-world fixtures lack (F4, a shifted CropBox).
/// Classic xref table, Helvetica. Written here, so never the only input of a signing test.
/// </summary>
public static class SyntheticPdf
{
    public static byte[] Page(double width, double height, int rotate = 0, double[]? cropBox = null,
        IReadOnlyList<(double X, double Y, string Text)>? lines = null)
    {
        var content = new StringBuilder("BT /F1 12 Tf\n");
        foreach (var (x, y, text) in lines ?? [])
        {
            content.Append(Inv($"1 0 0 1 {x} {y} Tm ({Escape(text)}) Tj\n"));
        }
        content.Append("ET\n");
        var contentBytes = Encoding.Latin1.GetBytes(content.ToString());
        var crop = cropBox is null ? "" : Inv($" /CropBox [{cropBox[0]} {cropBox[1]} {cropBox[2]} {cropBox[3]}]");
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            Inv($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}]{crop} /Rotate {rotate} /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"),
            $"<< /Length {contentBytes.Length} >>\nstream\n{Encoding.Latin1.GetString(contentBytes)}endstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        };
        var pdf = new StringBuilder("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<int>();
        for (int i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.Latin1.GetByteCount(pdf.ToString()));
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        int xref = Encoding.Latin1.GetByteCount(pdf.ToString());
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f\r\n");
        foreach (var offset in offsets)
        {
            pdf.Append($"{offset:D10} 00000 n\r\n");
        }
        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(pdf.ToString());
    }

    public static string Write(TempDir dir, string name, byte[] pdf)
    {
        var path = dir.File(name);
        File.WriteAllBytes(path, pdf);
        return path;
    }

    public static class Sizes
    {
        public static readonly (double W, double H) A4 = (595.28, 841.89);
        public static readonly (double W, double H) F4 = (609.45, 935.43);
        public static readonly (double W, double H) Letter = (612, 792);
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("(", "\\(").Replace(")", "\\)");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
