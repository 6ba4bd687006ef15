using Signing.Abstractions;

namespace Signing.Stamps;

/// <summary>
/// Where the caller wants the stamp. All coordinates are PDF points with the origin at the bottom-left of
/// the visible page as displayed (after /CropBox and /Rotate); <see cref="StampLayout"/> maps them to user
/// space.
/// </summary>
public abstract record StampPlacement
{
    private StampPlacement()
    {
    }

    /// <summary>An explicit rectangle on a page (1-based page number), display coordinates.</summary>
    public sealed record OnPage(int PageNumber, PdfRect DisplayRect) : StampPlacement;

    /// <summary>
    /// At the <paramref name="Occurrence"/>-th (1-based) match of a marker text, e.g. "#" or
    /// "${ttd_kadis}": the stamp's top-left goes to the marker's top-left and its white background covers it.
    /// Null sizes mean <see cref="StampRenderer.DefaultSize"/>.
    /// </summary>
    public sealed record AtAnchor(string Text, int Occurrence = 1, double? Width = null, double? Height = null)
        : StampPlacement;

    /// <summary>Bottom of the last page, right-aligned, 36 pt margins. Null sizes mean the default size.</summary>
    public sealed record Default(double? Width = null, double? Height = null) : StampPlacement;
}

/// <summary>A named paper size in points, portrait.</summary>
public sealed record PageSizeInfo(string Name, double Width, double Height)
{
    /// <summary>The same paper turned on its side.</summary>
    public PageSizeInfo Landscape => this with { Width = Height, Height = Width };

    /// <summary>The rectangle [0 0 Width Height], e.g. for a /MediaBox.</summary>
    public PdfRect Box => new(0, 0, Width, Height);
}
