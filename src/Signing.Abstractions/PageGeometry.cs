namespace Signing.Abstractions;

/// <summary>
/// A page's boxes in default user space (unrotated), with /Rotate normalised to 0, 90, 180 or 270.
/// Inherited /MediaBox, /CropBox and /Rotate are already resolved (ISO 32000-1 §7.7.3.4).
/// </summary>
public sealed record PageGeometry(int PageNumber, PdfRect MediaBox, PdfRect CropBox, int Rotation)
{
    /// <summary>The visible area: CropBox clipped to MediaBox (ISO 32000-1 §14.11.2).</summary>
    public PdfRect VisibleBox => new(
        Math.Max(CropBox.Left, MediaBox.Left), Math.Max(CropBox.Bottom, MediaBox.Bottom),
        Math.Min(CropBox.Right, MediaBox.Right), Math.Min(CropBox.Top, MediaBox.Top));

    /// <summary>Width of the page as displayed (after rotation).</summary>
    public double DisplayWidth => Rotation is 90 or 270 ? VisibleBox.Height : VisibleBox.Width;

    /// <summary>Height of the page as displayed (after rotation).</summary>
    public double DisplayHeight => Rotation is 90 or 270 ? VisibleBox.Width : VisibleBox.Height;
}
