using System.Text;

namespace Signing.Stamps.Tests.Support;

/// <summary>Runs the installed poppler-utils and zbar tools on a PDF in a scratch directory.</summary>
public sealed class Poppler : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stamps-").FullName;

    public string Save(byte[] pdf, string name = "page.pdf")
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, pdf);
        return path;
    }

    /// <summary>pdftoppm -r {dpi} -png → path of the PNG.</summary>
    public string RenderPng(string pdf, int dpi)
    {
        var prefix = Path.Combine(_dir, "png");
        Run("pdftoppm", "-r", dpi.ToString(), "-png", "-singlefile", pdf, prefix);
        return prefix + ".png";
    }

    /// <summary>pdftoppm -cropbox -gray at 72 dpi (1 pixel = 1 point): the visible page, as displayed
    /// (rotated), as an 8-bit grey raster.</summary>
    public GreyImage RenderGrey(string pdf)
    {
        var prefix = Path.Combine(_dir, "grey");
        Run("pdftoppm", "-cropbox", "-r", "72", "-gray", "-singlefile", pdf, prefix);
        return GreyImage.ReadPgm(File.ReadAllBytes(prefix + ".pgm"));
    }

    /// <summary>zbarimg -q --raw: the decoded payload bytes (without zbar's trailing newline).</summary>
    public byte[] DecodeQr(string png)
    {
        var output = RunBytes("zbarimg", "-q", "--raw", png);
        return output is [.., (byte)'\n'] ? output[..^1] : output;
    }

    public string PdfToText(string pdf) => Encoding.UTF8.GetString(RunBytes("pdftotext", "-enc", "UTF-8", pdf, "-"));

    private static void Run(string tool, params string[] args) => RunBytes(tool, args);

    private static byte[] RunBytes(string tool, params string[] args)
    {
        var result = TestSupport.ExternalTool.RunBinary(tool, args, TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{tool} exited {result.ExitCode}: {result.StdErr}");
        return result.StdOut;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Scratch files in /tmp; leaving them behind is harmless.
        }
    }
}

/// <summary>An 8-bit greyscale raster, row 0 at the top (as rendered).</summary>
public sealed record GreyImage(int Width, int Height, byte[] Pixels)
{
    public byte this[int x, int y] => Pixels[y * Width + x];

    /// <summary>The grey value at a point given in display coordinates (origin bottom-left, 1 px = 1 pt).</summary>
    public byte AtDisplay(double x, double y) => this[(int)Math.Floor(x), Height - 1 - (int)Math.Floor(y)];

    /// <summary>Binary PGM (P5), as pdftoppm -gray writes it.</summary>
    public static GreyImage ReadPgm(byte[] pgm)
    {
        var position = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)pgm[position]))
                position++;
            var start = position;
            while (!char.IsWhiteSpace((char)pgm[position]))
                position++;
            return Encoding.ASCII.GetString(pgm, start, position - start);
        }
        Assert.Equal("P5", Token());
        var width = int.Parse(Token());
        var height = int.Parse(Token());
        Assert.Equal("255", Token());
        position++; // the single whitespace byte before the raster
        return new GreyImage(width, height, pgm[position..(position + width * height)]);
    }
}
