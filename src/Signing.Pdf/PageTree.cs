using Signing.Abstractions;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace Signing.Pdf;

/// <summary>A page object with its inheritable attributes resolved (ISO 32000-1 §7.7.3.4).</summary>
internal sealed record PageEntry(int Number, IndirectReference Reference, DictionaryToken Dictionary, PdfRect MediaBox, PdfRect CropBox, int Rotate)
{
    public PageGeometry Geometry => new(Number, MediaBox, CropBox, Rotate);
}

/// <summary>
/// Our own walk of the page tree (ISO 32000-1 §7.7.3): depth-first, with a visited set and depth and size
/// limits, so a cyclic or absurdly deep tree is refused instead of recursing without end.
/// </summary>
internal static class PageTree
{
    // US Letter, what viewers assume when a page has no /MediaBox at all.
    private static readonly PdfRect DefaultMediaBox = new(0, 0, 612, 792);

    private sealed record Inherited(PdfRect? MediaBox, PdfRect? CropBox, int? Rotate);

    private sealed record Pending(IndirectReference Reference, int Depth, Inherited Inherited);

    public static IReadOnlyList<PageEntry> Walk(PdfObjects objects, DictionaryToken catalog, PdfReadLimits limits)
    {
        if (PdfObjects.ReferenceOf(catalog, "Pages") is not { } root)
        {
            throw PdfPigErrors.Malformed("The catalog has no /Pages reference.");
        }

        var pages = new List<PageEntry>();
        var visited = new HashSet<IndirectReference>();
        var stack = new Stack<Pending>();
        stack.Push(new Pending(root, 1, new Inherited(null, null, null)));
        while (stack.Count > 0)
        {
            var (reference, depth, inherited) = stack.Pop();
            if (depth > limits.MaxPageTreeDepth)
            {
                throw PdfPigErrors.TooComplex($"The page tree is deeper than {limits.MaxPageTreeDepth} levels.");
            }

            if (!visited.Add(reference))
            {
                throw PdfPigErrors.Malformed($"The page tree reaches object {reference} twice (a cycle or a shared node).");
            }

            if (objects.Get(reference) is not DictionaryToken node)
            {
                throw PdfPigErrors.Malformed($"Page tree node {reference} is missing or not a dictionary.");
            }

            var here = new Inherited(
                objects.GetRect(node, "MediaBox") ?? inherited.MediaBox,
                objects.GetRect(node, "CropBox") ?? inherited.CropBox,
                (int?)objects.GetNumber(node, "Rotate") ?? inherited.Rotate);
            var type = objects.GetName(node, "Type");
            var kids = objects.Get<ArrayToken>(node, "Kids");
            if (type == "Page" || (type != "Pages" && kids is null))
            {
                if (pages.Count == limits.MaxPages)
                {
                    throw PdfPigErrors.TooComplex($"The PDF has more than {limits.MaxPages} pages.");
                }

                pages.Add(CreatePage(pages.Count + 1, reference, node, here));
                continue;
            }

            if (kids is null)
            {
                throw PdfPigErrors.Malformed($"Page tree node {reference} has no /Kids array.");
            }

            for (var i = kids.Data.Count - 1; i >= 0; i--)
            {
                if (kids.Data[i] is not IndirectReferenceToken kid)
                {
                    throw PdfPigErrors.Malformed($"Page tree node {reference} has a /Kids entry that is not an indirect reference.");
                }

                stack.Push(new Pending(kid.Data, depth + 1, here));
            }
        }

        return pages;
    }

    private static PageEntry CreatePage(int number, IndirectReference reference, DictionaryToken page, Inherited attributes)
    {
        var mediaBox = attributes.MediaBox ?? DefaultMediaBox;
        var cropBox = attributes.CropBox ?? mediaBox;
        return new PageEntry(number, reference, page, mediaBox, cropBox, NormaliseRotation(attributes.Rotate ?? 0));
    }

    /// <summary>/Rotate shall be a multiple of 90 (Table 30); anything else is read as 0, as viewers do.</summary>
    private static int NormaliseRotation(int rotate)
    {
        if (rotate % 90 != 0)
        {
            return 0;
        }

        return ((rotate % 360) + 360) % 360;
    }
}
