using System.Text;
using QRCoder;

namespace Signing.Stamps;

/// <summary>
/// The QR symbol of a URL as a module matrix, and its rendering as vector rectangles. QRCoder is used only
/// to compute the matrix; drawing is ours so the symbol stays sharp at any zoom and in print.
/// </summary>
internal static class QrModules
{
    /// <summary>QRCoder surrounds its matrix with the 4-module quiet zone of ISO/IEC 18004; we strip it.</summary>
    private const int QrCoderQuietZone = 4;

    /// <summary>Quiet zone we keep around the symbol, in modules (the stamp background is white).</summary>
    public const int QuietZone = 2;

    /// <summary>
    /// The QRCoder symbol for <paramref name="url"/> at error-correction level M. An ASCII URL (the normal
    /// case) lets QRCoder pick its most compact modes, all of which decode to exactly these bytes; any other
    /// text is encoded as UTF-8 behind an ECI 26 designator so a reader cannot mistake it for ISO-8859-1.
    /// </summary>
    public static QRCodeData Encode(string url)
    {
        using var generator = new QRCodeGenerator();
        return Ascii.IsValid(url)
            ? generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M)
            : generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M, forceUtf8: true, utf8BOM: false,
                QRCodeGenerator.EciMode.Utf8);
    }

    /// <summary>The symbol's modules without quiet zone: [row, column], row 0 at the top, true = dark.</summary>
    public static bool[,] Matrix(string url) => StripQuietZone(Encode(url));

    public static bool[,] StripQuietZone(QRCodeData data)
    {
        var size = data.ModuleMatrix.Count - 2 * QrCoderQuietZone;
        var matrix = new bool[size, size];
        for (var row = 0; row < size; row++)
            for (var column = 0; column < size; column++)
                matrix[row, column] = data.ModuleMatrix[row + QrCoderQuietZone][column + QrCoderQuietZone];
        return matrix;
    }

    /// <summary>
    /// Appends the dark modules to a content stream: one "re" per horizontal run of dark modules in an
    /// integer module grid (row 0 at the top, so y = n − 1 − row), scaled and placed by one "cm"
    /// (ISO 32000-1 §8.3.4), and filled with a single "f" (§8.5.3.3) so abutting runs rasterise as one
    /// shape without hairline seams.
    /// </summary>
    /// <param name="left">Left edge of the symbol itself (inside the quiet zone), points.</param>
    /// <param name="bottom">Bottom edge of the symbol itself, points.</param>
    /// <param name="module">Module size, points.</param>
    public static void AppendPaths(StringBuilder sb, bool[,] matrix, double left, double bottom, double module)
    {
        var n = matrix.GetLength(0);
        sb.Append("q\n0 g\n")
            .Append(Pdf.Num(module)).Append(" 0 0 ").Append(Pdf.Num(module)).Append(' ')
            .Append(Pdf.Num(left)).Append(' ').Append(Pdf.Num(bottom)).Append(" cm\n");
        for (var row = 0; row < n; row++)
        {
            var y = n - 1 - row;
            for (var column = 0; column < n;)
            {
                if (!matrix[row, column])
                {
                    column++;
                    continue;
                }
                var start = column;
                while (column < n && matrix[row, column])
                    column++;
                sb.Append(start).Append(' ').Append(y).Append(' ').Append(column - start).Append(" 1 re\n");
            }
        }
        sb.Append("f\nQ\n");
    }
}
