using TestSupport;
using System.Text;
using Signing.Abstractions;

namespace Signing.Pdf.Tests;

/// <summary>
/// Renders signed pages with pdftoppm and looks at the pixels: a red square drawn at the start of an upright
/// 200×60 appearance must come out square and at the displayed left end of the stamp, whatever the /Rotate.
/// </summary>
public sealed class AppearanceRenderingTests
{
    private const int Dpi = 72;

    [Theory]
    [InlineData("cups-default.pdf")]
    [InlineData("derived-rotate90-lualatex.pdf")]
    [InlineData("derived-rotate180-cups-testpage.pdf")]
    [InlineData("derived-rotate270-word-termes.pdf")]
    public void The_stamp_reads_upright_on_the_displayed_page(string fixture)
    {
        var original = Fixtures.ReadRealWorld(fixture);
        var appearance = new AppearanceStream(
            Encoding.ASCII.GetBytes("1 g 0 0 200 60 re f 1 0 0 rg 0 0 60 60 re f"), 200, 60, new Dictionary<string, string>());
        PageGeometry page;
        using (var source = PdfDocumentSource.Open(new MemoryStream(original, writable: false)))
        {
            page = source.GetPage(1);
        }

        var request = TestSigning.Visible("S", page);
        var rect = request.Widget!.Rect;
        var (output, _) = TestSigning.Sign(original, _ => request with { Widget = request.Widget with { Appearance = appearance } });

        var image = Render(output);
        var stamp = DisplayedPixels(page, rect);
        var red = image.Bounds(stamp, (r, g, b) => r > 200 && g < 60 && b < 60);

        Assert.NotNull(red);
        Assert.InRange(red.Value.Width, 58, 62);
        Assert.InRange(red.Value.Height, 58, 62);
        Assert.InRange(red.Value.Left - stamp.Left, -2, 2);
        Assert.InRange(red.Value.Top - stamp.Top, -2, 2);
    }

    /// <summary>Where a default-user-space rectangle lands on the rendered page (top-left origin, 1 px per point).</summary>
    private static PixelBox DisplayedPixels(PageGeometry page, PdfRect rect)
    {
        var box = page.CropBox;
        (double X, double Y) Map(double x, double y) => page.Rotation switch
        {
            90 => (y - box.Bottom, x - box.Left),
            180 => (box.Right - x, y - box.Bottom),
            270 => (box.Top - y, box.Right - x),
            _ => (x - box.Left, box.Top - y),
        };
        var a = Map(rect.Left, rect.Bottom);
        var b = Map(rect.Right, rect.Top);
        return new PixelBox(
            (int)Math.Round(Math.Min(a.X, b.X)), (int)Math.Round(Math.Min(a.Y, b.Y)),
            (int)Math.Round(Math.Max(a.X, b.X)), (int)Math.Round(Math.Max(a.Y, b.Y)));
    }

    private static Pixmap Render(byte[] pdf)
    {
        using var file = TempPdf.Save(pdf);
        var prefix = Path.Combine(Path.GetTempPath(), $"signing-pdf-render-{Guid.NewGuid():N}");
        var result = ExternalTool.Run("pdftoppm", "-r", Dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "1", "-l", "1", "-singlefile", file.Path, prefix);
        Assert.True(result.ExitCode == 0, result.StdErr);
        try
        {
            return Pixmap.ReadPpm(File.ReadAllBytes(prefix + ".ppm"));
        }
        finally
        {
            File.Delete(prefix + ".ppm");
        }
    }
}

internal readonly record struct PixelBox(int Left, int Top, int Right, int Bottom)
{
    public int Width => Right - Left;

    public int Height => Bottom - Top;
}

/// <summary>A binary PPM (P6) image as pdftoppm writes it.</summary>
internal sealed class Pixmap(int width, int height, byte[] rgb)
{
    public static Pixmap ReadPpm(byte[] file)
    {
        var fields = new List<string>();
        var position = 0;
        while (fields.Count < 4)
        {
            while (char.IsWhiteSpace((char)file[position]))
            {
                position++;
            }

            var start = position;
            while (!char.IsWhiteSpace((char)file[position]))
            {
                position++;
            }

            fields.Add(Encoding.ASCII.GetString(file, start, position - start));
        }

        Assert.Equal("P6", fields[0]);
        var width = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
        return new Pixmap(width, height, file[(position + 1)..]);
    }

    /// <summary>Bounding box of the pixels inside <paramref name="area"/> (plus a margin) that satisfy <paramref name="test"/>.</summary>
    public PixelBox? Bounds(PixelBox area, Func<byte, byte, byte, bool> test, int margin = 10)
    {
        int? left = null, top = null, right = null, bottom = null;
        for (var y = Math.Max(0, area.Top - margin); y < Math.Min(height, area.Bottom + margin); y++)
        {
            for (var x = Math.Max(0, area.Left - margin); x < Math.Min(width, area.Right + margin); x++)
            {
                var i = ((y * width) + x) * 3;
                if (test(rgb[i], rgb[i + 1], rgb[i + 2]))
                {
                    left = Math.Min(left ?? x, x);
                    top = Math.Min(top ?? y, y);
                    right = Math.Max(right ?? x + 1, x + 1);
                    bottom = Math.Max(bottom ?? y + 1, y + 1);
                }
            }
        }

        return left is null ? null : new PixelBox(left.Value, top!.Value, right!.Value, bottom!.Value);
    }
}
