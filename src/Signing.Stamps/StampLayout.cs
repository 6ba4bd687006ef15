using System.Collections.ObjectModel;
using System.Globalization;
using Signing.Abstractions;

namespace Signing.Stamps;

/// <summary>
/// Placement geometry. Callers speak display coordinates: points, origin at the bottom-left of the visible
/// page (the CropBox clipped to the MediaBox, ISO 32000-1 §14.11.2) as it appears after /Rotate, which turns
/// the page clockwise by a multiple of 90° when displayed (§7.7.3.3, Table 30). The PDF layer needs default
/// user space (§8.3.2.3), the unrotated page coordinates in which /Rect of a widget annotation is given.
/// </summary>
public static class StampLayout
{
    /// <summary>Margin of the default placement from the right and bottom edges, points.</summary>
    public const double DefaultMargin = 36;

    /// <summary>How far a requested rectangle may overshoot the page before it is refused, points. A
    /// rectangle inside the tolerance is clamped onto the page.</summary>
    public const double Tolerance = 0.5;

    public static IReadOnlyDictionary<string, PageSizeInfo> PaperSizes { get; } =
        new ReadOnlyDictionary<string, PageSizeInfo>(new Dictionary<string, PageSizeInfo>(StringComparer.OrdinalIgnoreCase)
        {
            ["A4"] = new("A4", 595.28, 841.89),          // 210 × 297 mm
            ["F4"] = new("F4", 609.45, 935.43),          // 215 × 330 mm (Folio, common in Indonesian offices)
            ["Letter"] = new("Letter", 612, 792),        // 8.5 × 11 in
            ["Legal"] = new("Legal", 612, 1008),         // 8.5 × 14 in
        });

    /// <summary>Display coordinates → default user space.</summary>
    public static PdfRect DisplayToUserSpace(PageGeometry page, PdfRect displayRect)
    {
        var (x1, y1) = ToUser(page, displayRect.Left, displayRect.Bottom);
        var (x2, y2) = ToUser(page, displayRect.Right, displayRect.Top);
        return new PdfRect(x1, y1, x2, y2);
    }

    /// <summary>Default user space → display coordinates.</summary>
    public static PdfRect UserSpaceToDisplay(PageGeometry page, PdfRect userRect)
    {
        var (x1, y1) = ToDisplay(page, userRect.Left, userRect.Bottom);
        var (x2, y2) = ToDisplay(page, userRect.Right, userRect.Top);
        return new PdfRect(x1, y1, x2, y2);
    }

    /// <summary>
    /// Checks a caller's display rectangle against the visible page and returns it, clamped onto the page
    /// when it overshoots by no more than <see cref="Tolerance"/>.
    /// </summary>
    /// <exception cref="StampPlacementException">stamp-outside-page: the rectangle has no area or leaves the
    /// visible page.</exception>
    public static PdfRect ResolveDisplayRect(PageGeometry page, PdfRect displayRect)
    {
        var r = displayRect;
        if (!double.IsFinite(r.Left) || !double.IsFinite(r.Bottom) || !double.IsFinite(r.Right) ||
            !double.IsFinite(r.Top) || r.Width <= 0 || r.Height <= 0)
            throw Outside($"The stamp rectangle {r} has no area; give a width and height above 0 pt.");
        var bounds = DisplayBounds(page);
        if (!bounds.Contains(r, Tolerance))
            throw Outside($"The stamp rectangle {r} leaves page {page.PageNumber}, whose visible area as " +
                          $"displayed is {Describe(bounds)} (points, origin bottom-left).");
        return new PdfRect(
            Math.Max(r.Left, 0), Math.Max(r.Bottom, 0), Math.Min(r.Right, bounds.Right), Math.Min(r.Top, bounds.Top));
    }

    /// <summary>
    /// Bottom-right of the page as displayed, <see cref="DefaultMargin"/> from the right and bottom edges. On a
    /// page too small for the stamp plus margins, the stamp shrinks (keeping its proportions) to fit.
    /// </summary>
    public static PdfRect DefaultDisplayRect(PageGeometry page, double width, double height)
    {
        ValidateSize(width, height);
        var (pageWidth, pageHeight) = (page.DisplayWidth, page.DisplayHeight);
        var margin = DefaultMargin;
        if (pageWidth <= 2 * margin || pageHeight <= 2 * margin)
            margin = 0;
        var scale = Math.Min(1, Math.Min((pageWidth - 2 * margin) / width, (pageHeight - 2 * margin) / height));
        if (scale <= 0)
            throw Outside($"Page {page.PageNumber} has no visible area to place a stamp on.");
        var (w, h) = (width * scale, height * scale);
        return new PdfRect(pageWidth - margin - w, margin, pageWidth - margin, margin + h);
    }

    /// <summary>
    /// The stamp's rectangle for an anchor whose text bounds (in user space, from the PDF layer's text
    /// search) are <paramref name="anchorUserBounds"/>: its top-left at the marker's top-left as displayed,
    /// at least as large as the marker (so the white background hides it), and shifted back onto the page
    /// when it would leave it.
    /// </summary>
    /// <exception cref="StampPlacementException">stamp-outside-page: the marker is not on the visible page,
    /// or the stamp is larger than the page.</exception>
    public static PdfRect AnchorDisplayRect(PageGeometry page, PdfRect anchorUserBounds, double width, double height)
    {
        ValidateSize(width, height);
        var bounds = DisplayBounds(page);
        var marker = UserSpaceToDisplay(page, anchorUserBounds);
        if (marker.Right < 0 || marker.Left > bounds.Right || marker.Top < 0 || marker.Bottom > bounds.Top)
            throw Outside($"The anchor at {marker} (display coordinates) lies outside the visible area " +
                          $"{Describe(bounds)} of page {page.PageNumber}.");

        var w = Math.Max(width, marker.Width);
        var h = Math.Max(height, marker.Height);
        if (w > bounds.Width + Tolerance || h > bounds.Height + Tolerance)
            throw Outside(string.Create(CultureInfo.InvariantCulture,
                $"A {w:0.##} × {h:0.##} pt stamp does not fit on page {page.PageNumber} ({Describe(bounds)})."));
        (w, h) = (Math.Min(w, bounds.Width), Math.Min(h, bounds.Height));

        var left = Math.Clamp(marker.Left, 0, bounds.Right - w);
        var top = Math.Clamp(marker.Top, h, bounds.Top);
        return new PdfRect(left, top - h, left + w, top);
    }

    /// <summary>
    /// Resolves a placement on the page the caller chose for it (the page named by
    /// <see cref="StampPlacement.OnPage"/>, the last page for <see cref="StampPlacement.Default"/>, the
    /// page of the anchor's match). <paramref name="anchorUserBounds"/> is the matched marker's bounds in
    /// user space, or null when the text search found nothing.
    /// </summary>
    /// <exception cref="StampPlacementException">anchor-not-found or stamp-outside-page.</exception>
    public static PdfRect Place(PageGeometry page, StampPlacement placement, PdfRect? anchorUserBounds = null)
    {
        ArgumentNullException.ThrowIfNull(placement);
        var (defaultWidth, defaultHeight) = StampRenderer.DefaultSize;
        return placement switch
        {
            StampPlacement.OnPage onPage => ResolveDisplayRect(page, onPage.DisplayRect),
            StampPlacement.Default d => DefaultDisplayRect(page, d.Width ?? defaultWidth, d.Height ?? defaultHeight),
            StampPlacement.AtAnchor a when anchorUserBounds is { } marker =>
                AnchorDisplayRect(page, marker, a.Width ?? defaultWidth, a.Height ?? defaultHeight),
            StampPlacement.AtAnchor a => throw new StampPlacementException(ErrorCodes.AnchorNotFound,
                $"The anchor text \"{a.Text}\" (occurrence {a.Occurrence}) was not found in the document."),
            _ => throw new ArgumentOutOfRangeException(nameof(placement), placement, "Unknown placement."),
        };
    }

    /// <summary>The visible page as displayed: [0 0 DisplayWidth DisplayHeight].</summary>
    public static PdfRect DisplayBounds(PageGeometry page) => new(0, 0, page.DisplayWidth, page.DisplayHeight);

    // Let V be the visible box, w × h its size, (u, v) a point relative to its lower-left corner. Turning the
    // page clockwise by /Rotate maps (u, v) to display coordinates (origin bottom-left, as seen):
    //   0°: (u, v)    90°: (v, w − u)    180°: (w − u, h − v)    270°: (h − v, u)
    // e.g. at 90° the user-space lower-left corner (0, 0) lands at the displayed top-left (0, w).
    private static (double X, double Y) ToDisplay(PageGeometry page, double x, double y)
    {
        var box = page.VisibleBox;
        var (u, v, w, h) = (x - box.Left, y - box.Bottom, box.Width, box.Height);
        return Rotation(page) switch
        {
            90 => (v, w - u),
            180 => (w - u, h - v),
            270 => (h - v, u),
            _ => (u, v),
        };
    }

    private static (double X, double Y) ToUser(PageGeometry page, double dx, double dy)
    {
        var box = page.VisibleBox;
        var (w, h) = (box.Width, box.Height);
        var (u, v) = Rotation(page) switch
        {
            90 => (w - dy, dx),
            180 => (w - dx, h - dy),
            270 => (dy, h - dx),
            _ => (dx, dy),
        };
        return (box.Left + u, box.Bottom + v);
    }

    /// <summary>/Rotate shall be a multiple of 90 (Table 30); normalised into 0..270 here too, defensively.</summary>
    private static int Rotation(PageGeometry page)
    {
        var rotation = ((page.Rotation % 360) + 360) % 360;
        return rotation % 90 == 0
            ? rotation
            : throw new ArgumentException($"/Rotate {page.Rotation} is not a multiple of 90.", nameof(page));
    }

    private static void ValidateSize(double width, double height)
    {
        if (!double.IsFinite(width) || !double.IsFinite(height) || width <= 0 || height <= 0)
            throw Outside(string.Create(CultureInfo.InvariantCulture,
                $"The stamp size {width} × {height} pt has no area; give a width and height above 0 pt."));
    }

    private static string Describe(PdfRect bounds) =>
        string.Create(CultureInfo.InvariantCulture, $"{bounds.Width:0.##} × {bounds.Height:0.##} pt");

    private static StampPlacementException Outside(string message) =>
        new(ErrorCodes.StampOutsidePage, message);
}
