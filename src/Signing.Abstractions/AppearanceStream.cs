namespace Signing.Abstractions;

/// <summary>
/// A widget's normal appearance (ISO 32000-1 §12.5.5), drawn upright as the reader sees the page:
/// <see cref="Content"/> is a content stream over the box [0 0 Width Height]. The PDF layer wraps it in
/// a form XObject and adds the /Matrix that keeps it upright on a page with /Rotate.
/// </summary>
/// <param name="Fonts">Resource name (e.g. "F1") → standard-14 base font (e.g. "Helvetica"), WinAnsiEncoding.</param>
public sealed record AppearanceStream(
    byte[] Content,
    double Width,
    double Height,
    IReadOnlyDictionary<string, string> Fonts);
