namespace Signing.Stamps.Text;

/// <summary>
/// Advance widths of the standard Type 1 fonts Helvetica and Helvetica-Bold, in 1/1000 em, indexed by
/// WinAnsiEncoding code 32..255 (ISO 32000-1 Annex D.2). Values are from Adobe's public Core 14 AFM files
/// (Helvetica.afm / Helvetica-Bold.afm, 1997, AFM 4.1); codes WinAnsi leaves undefined are 0 and never
/// emitted (<see cref="WinAnsi"/> maps such characters to '?'). A conforming reader uses exactly these
/// widths for a standard-14 font without /Widths (ISO 32000-1 §9.6.2.2), so what we measure is what it draws.
/// </summary>
internal static class HelveticaMetrics
{
    public const int FirstCode = 32;

    /// <summary>Union of both fonts' /FontBBox vertical extent (Helvetica-Bold: −228 … 962), 1/1000 em:
    /// no glyph of either font inks outside it.</summary>
    public const double BBoxTop = 962, BBoxBottom = -228;

    private static readonly short[] Regular =
    [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0,
        556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
        0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667,
        278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333,
        400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,
        667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
        556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
    ];

    private static readonly short[] Bold =
    [
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
        975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
        333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0,
        556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
        0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667,
        278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333,
        400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,
        722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
        556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,
        611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
    ];

    /// <summary>Advance width of one WinAnsi code, 1/1000 em.</summary>
    public static int Width(byte code, StampFont font) =>
        code < FirstCode ? 0 : (font == StampFont.Bold ? Bold : Regular)[code - FirstCode];

    /// <summary>Width in points of already WinAnsi-clean text (see <see cref="WinAnsi.Clean"/>) at a size.</summary>
    public static double Measure(string cleanText, StampFont font, double size)
    {
        long units = 0;
        foreach (var c in cleanText)
            units += Width(WinAnsi.ToCode(c), font);
        return units * size / 1000.0;
    }
}
