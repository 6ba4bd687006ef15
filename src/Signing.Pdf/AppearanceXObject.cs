using Signing.Abstractions;
using UglyToad.PdfPig.Tokens;

namespace Signing.Pdf;

/// <summary>
/// The widget's normal appearance as a form XObject (ISO 32000-1 §8.10, §12.5.5): the caller's upright
/// drawing over [0 0 W H], with /Matrix turning it against the page's /Rotate so it reads upright.
/// </summary>
internal static class AppearanceXObject
{
    /// <summary>The standard 14 fonts (ISO 32000-1 §9.6.2.2), which need no embedding.</summary>
    private static readonly HashSet<string> StandardFonts = new(StringComparer.Ordinal)
    {
        "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic",
        "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
        "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
        "Symbol", "ZapfDingbats",
    };

    /// <summary>
    /// /Matrix for a page displayed turned clockwise by <paramref name="rotate"/> degrees: the drawing is turned
    /// counter-clockwise by the same angle and moved back to the positive quadrant. §12.5.5 then fits the
    /// transformed BBox onto /Rect, whose width and height are the drawing's height and width for 90 and 270.
    /// </summary>
    public static double[] RotationMatrix(int rotate, double width, double height) => rotate switch
    {
        90 => [0, 1, -1, 0, height, 0],
        180 => [-1, 0, 0, -1, width, height],
        270 => [0, -1, 1, 0, 0, width],
        _ => [1, 0, 0, 1, 0, 0],
    };

    /// <summary>Font dictionaries for the appearance's resources, keyed by resource name.</summary>
    public static IReadOnlyList<(string ResourceName, DictionaryToken Font)> Fonts(AppearanceStream appearance)
    {
        var fonts = new List<(string, DictionaryToken)>();
        foreach (var (resourceName, baseFont) in appearance.Fonts.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (string.IsNullOrEmpty(resourceName) || !StandardFonts.Contains(baseFont))
            {
                throw new ArgumentException(
                    $"Appearance font '{resourceName}' → '{baseFont}' is not one of the 14 standard Type 1 fonts.", nameof(appearance));
            }

            var entries = new Dictionary<NameToken, IToken>
            {
                [NameToken.Create("Type")] = NameToken.Create("Font"),
                [NameToken.Create("Subtype")] = NameToken.Create("Type1"),
                [NameToken.Create("BaseFont")] = NameToken.Create(baseFont),
            };

            // Symbol and ZapfDingbats have their own built-in encodings (§9.6.6.1); the text fonts use WinAnsi.
            if (baseFont is not ("Symbol" or "ZapfDingbats"))
            {
                entries[NameToken.Create("Encoding")] = NameToken.Create("WinAnsiEncoding");
            }

            fonts.Add((resourceName, new DictionaryToken(entries)));
        }

        return fonts;
    }

    /// <summary>The form XObject stream; <paramref name="fontReferences"/> maps resource names to written font objects.</summary>
    public static byte[] Serialize(
        byte[] content, double width, double height, int rotate, IReadOnlyList<(string ResourceName, IndirectReferenceToken Font)> fontReferences)
    {
        var entries = new Dictionary<NameToken, IToken>
        {
            [NameToken.Create("Type")] = NameToken.Create("XObject"),
            [NameToken.Create("Subtype")] = NameToken.Create("Form"),
            [NameToken.Create("BBox")] = Numbers(0, 0, width, height),
            [NameToken.Create("Matrix")] = Numbers(RotationMatrix(rotate, width, height)),
        };

        if (fontReferences.Count > 0)
        {
            var fonts = fontReferences.ToDictionary(f => NameToken.Create(f.ResourceName), f => (IToken)f.Font);
            entries[NameToken.Create("Resources")] = new DictionaryToken(new Dictionary<NameToken, IToken>
            {
                [NameToken.Create("Font")] = new DictionaryToken(fonts),
                [NameToken.Create("ProcSet")] = new ArrayToken([NameToken.Create("PDF"), NameToken.Create("Text")]),
            });
        }

        entries[NameToken.Create("Length")] = new NumericToken(content.Length);
        return IncrementalUpdateWriter.StreamObjectBody(new DictionaryToken(entries), content);
    }

    public static ArrayToken Numbers(params double[] values) =>
        new(values.Select(v => (IToken)new NumericToken(v)).ToList());
}
