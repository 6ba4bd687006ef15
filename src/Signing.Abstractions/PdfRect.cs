namespace Signing.Abstractions;

/// <summary>A rectangle in PDF points (1/72 in). Normalised: Left ≤ Right, Bottom ≤ Top.</summary>
public readonly record struct PdfRect
{
    public PdfRect(double left, double bottom, double right, double top)
    {
        Left = Math.Min(left, right);
        Right = Math.Max(left, right);
        Bottom = Math.Min(bottom, top);
        Top = Math.Max(bottom, top);
    }

    public double Left { get; }
    public double Bottom { get; }
    public double Right { get; }
    public double Top { get; }
    public double Width => Right - Left;
    public double Height => Top - Bottom;

    public bool Intersects(PdfRect other) =>
        Left < other.Right && other.Left < Right && Bottom < other.Top && other.Bottom < Top;

    public bool Contains(PdfRect inner, double tolerance = 0.01) =>
        inner.Left >= Left - tolerance && inner.Right <= Right + tolerance &&
        inner.Bottom >= Bottom - tolerance && inner.Top <= Top + tolerance;

    public static PdfRect FromSize(double left, double bottom, double width, double height) =>
        new(left, bottom, left + width, bottom + height);

    public override string ToString() =>
        FormattableString.Invariant($"[{Left:0.##} {Bottom:0.##} {Right:0.##} {Top:0.##}]");
}
