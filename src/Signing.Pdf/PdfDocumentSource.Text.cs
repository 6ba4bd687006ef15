using System.Text;
using Signing.Abstractions;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;

namespace Signing.Pdf;

public sealed partial class PdfDocumentSource
{
    /// <summary>
    /// Finds <paramref name="needle"/> in the concatenated letters of each page. Bounds are the union of the
    /// matched glyph boxes in default user space. Throws <c>pdf-too-complex</c> when a page's content
    /// streams exceed the decode budget.
    /// </summary>
    public IReadOnlyList<TextMatch> FindText(string needle)
    {
        ArgumentException.ThrowIfNullOrEmpty(needle);
        var matches = new List<TextMatch>();
        for (var number = 1; number <= PageCount; number++)
        {
            var page = PdfPigErrors.Guard($"Reading the text of page {number}", () => document.GetPage(number));
            var letters = PdfPigErrors.Guard($"Reading the text of page {number}", () => page.Letters);
            if (decodeBudget.Exceeded)
            {
                // PdfPig may have swallowed the refusal (e.g. for a font program) and carried on without it.
                throw PdfPigErrors.TooComplex($"Page {number}'s content exceeds the decode budget; its text cannot be searched.");
            }

            var toUserSpace = DisplayToUserSpace(page);
            foreach (var (first, last) in Occurrences(letters, needle))
            {
                var bounds = letters.Skip(first).Take(last - first + 1)
                    .Select(l => toUserSpace(l.BoundingBox))
                    .Aggregate(Union);
                matches.Add(new TextMatch(number, bounds));
            }
        }

        return matches;
    }

    /// <summary>Ranges of letter indexes whose concatenated values contain the needle (non-overlapping).</summary>
    private static IEnumerable<(int First, int Last)> Occurrences(IReadOnlyList<Letter> letters, string needle)
    {
        var text = new StringBuilder();
        var letterAt = new List<int>();
        for (var i = 0; i < letters.Count; i++)
        {
            foreach (var _ in letters[i].Value)
            {
                letterAt.Add(i);
            }

            text.Append(letters[i].Value);
        }

        var haystack = text.ToString();
        for (var at = haystack.IndexOf(needle, StringComparison.Ordinal); at >= 0;
             at = haystack.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
        {
            yield return (letterAt[at], letterAt[at + needle.Length - 1]);
        }
    }

    /// <summary>
    /// PdfPig reports letters in the page as displayed: relative to the crop box origin and turned by /Rotate
    /// (ISO 32000-1 §7.7.3.3, clockwise). This undoes both, giving default user space.
    /// </summary>
    private static Func<PdfRectangle, PdfRect> DisplayToUserSpace(Page page)
    {
        var crop = page.CropBox.Bounds;
        var (left, bottom, width, height) = (crop.Left, crop.Bottom, crop.Width, crop.Height);
        Func<double, double, (double X, double Y)> point = page.Rotation.Value switch
        {
            90 => (x, y) => (left + width - y, bottom + x),
            180 => (x, y) => (left + width - x, bottom + height - y),
            270 => (x, y) => (left + y, bottom + height - x),
            _ => (x, y) => (left + x, bottom + y),
        };
        return rectangle =>
        {
            var a = point(rectangle.Left, rectangle.Bottom);
            var b = point(rectangle.Right, rectangle.Top);
            return new PdfRect(a.X, a.Y, b.X, b.Y);
        };
    }

    private static PdfRect Union(PdfRect a, PdfRect b) =>
        new(Math.Min(a.Left, b.Left), Math.Min(a.Bottom, b.Bottom), Math.Max(a.Right, b.Right), Math.Max(a.Top, b.Top));
}
