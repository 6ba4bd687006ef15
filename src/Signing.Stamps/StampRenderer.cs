using System.Collections.ObjectModel;
using System.Text;
using Signing.Abstractions;
using Signing.Stamps.Text;

namespace Signing.Stamps;

/// <summary>
/// Draws the visible signature stamp as a content stream over [0 0 width height], upright as the reader
/// sees the page: an opaque white background (it hides an anchor marker underneath), the QR code of the
/// verification URL on the left, and the signer's text on the right, fitted to the box.
/// </summary>
public static class StampRenderer
{
    /// <summary>Points. Fits the usual content (heading, name, a.n., jabatan, OPD, date, URL and a two-line
    /// BSrE footer) at the design sizes with a QR of about 28 mm.</summary>
    public static readonly (double Width, double Height) DefaultSize = (260, 80);

    /// <summary>Resource name of Helvetica in <see cref="AppearanceStream.Fonts"/>.</summary>
    public const string RegularFontResource = "F1";

    /// <summary>Resource name of Helvetica-Bold in <see cref="AppearanceStream.Fonts"/>.</summary>
    public const string BoldFontResource = "F2";

    /// <summary>Padding between the text column and the box's top, bottom and right edges, points.</summary>
    internal const double Padding = 3;

    /// <summary>Gap between the QR's quiet zone and the text column, points.</summary>
    internal const double ColumnGap = 1;

    /// <summary>Narrower than this, the text column is left out and the stamp is the QR alone.</summary>
    internal const double MinimumColumnWidth = 24;

    /// <summary>A box at least this much taller than wide stacks the text under the QR.</summary>
    internal const double PortraitRatio = 1.3;

    private static readonly IReadOnlyDictionary<string, string> Fonts =
        new ReadOnlyDictionary<string, string>(new Dictionary<string, string>
        {
            [RegularFontResource] = "Helvetica",
            [BoldFontResource] = "Helvetica-Bold",
        });

    /// <summary>Renders at <see cref="DefaultSize"/>.</summary>
    public static AppearanceStream Render(StampContent content) =>
        Render(content, DefaultSize.Width, DefaultSize.Height);

    public static AppearanceStream Render(StampContent content, double width, double height)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(content.QrUrl, nameof(content));
        if (!double.IsFinite(width) || width <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), width, "Stamp width must be a positive number of points.");
        if (!double.IsFinite(height) || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(height), height, "Stamp height must be a positive number of points.");

        var sb = new StringBuilder(4096);

        // Opaque white background over the whole box, first, so everything else paints on top of it and the
        // page underneath (e.g. an anchor marker) is covered (ISO 32000-1 §8.6.8, DeviceGray 1 = white).
        sb.Append("1 g\n0 0 ").Append(Pdf.Num(width)).Append(' ').Append(Pdf.Num(height)).Append(" re\nf\n");

        var matrix = QrModules.Matrix(content.QrUrl);
        var (qr, column) = Arrange(width, height);
        // The module size is rounded down to the 3 decimals the stream carries, so the symbol never outgrows
        // its square; the sub-millipoint slack goes to the quiet zone.
        var module = Math.Floor(qr.Width / (matrix.GetLength(0) + 2 * QrModules.QuietZone) * 1000) / 1000;
        QrModules.AppendPaths(sb, matrix,
            qr.Left + QrModules.QuietZone * module, qr.Bottom + QrModules.QuietZone * module, module);

        if (column is { } text)
            AppendText(sb, content, text, width, height);

        return new AppearanceStream(Encoding.ASCII.GetBytes(sb.ToString()), width, height, Fonts);
    }

    /// <summary>
    /// Splits the box into the QR's square (quiet zone included) and the text column:
    /// side by side when the box is wide enough for a column of <see cref="MinimumColumnWidth"/> next to a
    /// QR as tall as the box (the usual landscape stamp); QR on top of the text when the box is clearly
    /// portrait; otherwise (a square-ish box, as BSrE integrators often ask for) the QR alone, centred.
    /// </summary>
    internal static (PdfRect Qr, PdfRect? Column) Arrange(double width, double height)
    {
        if (width - height - ColumnGap - Padding >= MinimumColumnWidth && height > 2 * Padding)
            return (new PdfRect(0, 0, height, height), new PdfRect(height + ColumnGap, Padding, width - Padding, height - Padding));
        if (height >= PortraitRatio * width && width - 2 * Padding >= MinimumColumnWidth)
            return (new PdfRect(0, height - width, width, height), new PdfRect(Padding, Padding, width - Padding, height - width));
        var side = Math.Min(width, height);
        return (PdfRect.FromSize((width - side) / 2, (height - side) / 2, side, side), null);
    }

    /// <summary>The paragraphs of the text column in reading order, cleaned for WinAnsi, at scale 1.</summary>
    internal static IReadOnlyList<TextBlock> Blocks(StampContent content) =>
    [
        new(WinAnsi.Clean(content.Heading), StampFont.Regular, 6, 4, MaxLines: 2, Priority: 3),
        new(WinAnsi.Clean(content.SignerName), StampFont.Bold, 8.5, 5, MaxLines: 2, Priority: 9, GapAbove: 0.5),
        new(WinAnsi.Clean(content.OnBehalfOf), StampFont.Regular, 6.5, 4, MaxLines: 2, Priority: 6, GapAbove: 0.5),
        new(WinAnsi.Clean(content.Position), StampFont.Regular, 6.5, 4, MaxLines: 2, Priority: 7),
        new(WinAnsi.Clean(content.Organisation), StampFont.Regular, 6.5, 4, MaxLines: 2, Priority: 5),
        new(WinAnsi.Clean(content.DateLine), StampFont.Regular, 6.5, 4, MaxLines: 1, Priority: 8),
        new(WinAnsi.Clean(content.DisplayUrl), StampFont.Regular, 5.5, 4, MaxLines: 2, Priority: 4, GapAbove: 1),
        new(WinAnsi.Clean(content.Footer), StampFont.Regular, 4.5, 3.5, MaxLines: 4, Priority: 1, GapAbove: 1),
    ];

    /// <summary>
    /// Text is allowed to grow past the design sizes only when the whole box is larger than the default in
    /// both directions, so a big stamp does not carry tiny print.
    /// </summary>
    internal static double MaxScale(double width, double height) =>
        Math.Max(1, Math.Min(width / DefaultSize.Width, height / DefaultSize.Height));

    private static void AppendText(StringBuilder sb, StampContent content, PdfRect column, double width, double height)
    {
        var fitted = TextFitter.Fit(Blocks(content), column.Width, column.Height, MaxScale(width, height));
        if (fitted.Blocks.Count == 0)
            return;

        // Centre the block vertically in the column; lines go down from there. Each line box is
        // size × LineFactor tall with the baseline BaselineFromBottom × size above its bottom, which keeps the
        // glyphs' bounding boxes inside the line box and so inside the column.
        var top = column.Top - (column.Height - fitted.Height) / 2;
        string? currentFont = null;
        sb.Append("0 g\nBT\n");
        for (var i = 0; i < fitted.Blocks.Count; i++)
        {
            var block = fitted.Blocks[i];
            if (i > 0)
                top -= block.Block.GapAbove * fitted.Scale;
            var font = block.Block.Font == StampFont.Bold ? BoldFontResource : RegularFontResource;
            var selection = $"/{font} {Pdf.Num(block.Size)} Tf\n";
            if (selection != currentFont)
            {
                sb.Append(selection); // Tf: ISO 32000-1 §9.3.1
                currentFont = selection;
            }
            foreach (var line in block.Lines)
            {
                var lineBottom = top - block.Size * TextFitter.LineFactor;
                var baseline = lineBottom + block.Size * TextFitter.BaselineFromBottom;
                // Absolute text matrix per line (Tm, ISO 32000-1 §9.4.2), then show the string (Tj, §9.4.3).
                sb.Append("1 0 0 1 ").Append(Pdf.Num(column.Left)).Append(' ').Append(Pdf.Num(baseline)).Append(" Tm\n");
                WinAnsi.AppendLiteral(sb, line);
                sb.Append(" Tj\n");
                top = lineBottom;
            }
        }
        sb.Append("ET\n");
    }
}
