using Signing.Abstractions;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace Signing.Pdf;

/// <summary>A widget annotation of a field, with the page it sits on when that can be told.</summary>
internal sealed record WidgetEntry(IndirectReference? Reference, int? PageNumber, PdfRect? Rect);

/// <summary>A terminal field of the interactive form (ISO 32000-1 §12.7.3.1).</summary>
internal sealed record FieldEntry(
    string FullName,
    string? FieldType,
    DictionaryToken Dictionary,
    IReadOnlyList<WidgetEntry> Widgets)
{
    public bool IsSignature => FieldType == "Sig";
}

/// <summary>
/// Walks /AcroForm /Fields and their /Kids (ISO 32000-1 §12.7.3.1) with a visited set and a depth limit,
/// collecting every field's fully qualified name and each field's widgets.
/// </summary>
internal sealed class AcroFormReader(PdfObjects objects, IReadOnlyList<PageEntry> pages, PdfReadLimits limits)
{
    private const int MaxFields = 100_000;

    private readonly HashSet<IndirectReference> visited = [];
    private readonly List<FieldEntry> fields = [];
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private Dictionary<IndirectReference, int>? pageByReference;
    private Dictionary<IndirectReference, int>? pageByAnnotation;

    private sealed record Pending(IToken Token, string? ParentName, string? InheritedType, int Depth);

    public IReadOnlyList<FieldEntry> Fields => fields;

    /// <summary>
    /// Signature fields found only through a page's /Annots, not through /AcroForm /Fields (poppler 22.12's
    /// <c>pdfsig -add-signature</c> writes them so). Our next update links them into /Fields.
    /// </summary>
    public IReadOnlyList<IndirectReference> UnlinkedSignatureFields => unlinked;

    private readonly List<IndirectReference> unlinked = [];

    /// <summary>Fully qualified names of all fields, terminal or not.</summary>
    public IReadOnlySet<string> Names => names;

    public void Read(DictionaryToken catalog)
    {
        var fieldArray = objects.Get<ArrayToken>(objects.Get<DictionaryToken>(catalog, "AcroForm"), "Fields");
        if (fieldArray is null)
        {
            return;
        }

        var stack = new Stack<Pending>();
        for (var i = fieldArray.Data.Count - 1; i >= 0; i--)
        {
            stack.Push(new Pending(fieldArray.Data[i], null, null, 1));
        }

        while (stack.Count > 0)
        {
            var (token, parentName, inheritedType, depth) = stack.Pop();
            if (depth > limits.MaxNesting)
            {
                throw PdfPigErrors.TooComplex($"The form field hierarchy is deeper than {limits.MaxNesting} levels.");
            }

            if (token is IndirectReferenceToken reference && !visited.Add(reference.Data))
            {
                throw PdfPigErrors.Malformed($"The form field hierarchy reaches object {reference.Data} twice.");
            }

            if (objects.Resolve(token) is not DictionaryToken field)
            {
                continue;
            }

            var partialName = objects.GetText(field, "T");
            var fullName = parentName is null ? partialName ?? "" : partialName is null ? parentName : $"{parentName}.{partialName}";
            var fieldType = objects.GetName(field, "FT") ?? inheritedType;
            names.Add(fullName);
            if (names.Count > MaxFields)
            {
                throw PdfPigErrors.TooComplex($"The form has more than {MaxFields} fields.");
            }

            // Kids with a /T are fields; kids without one are this field's widget annotations (§12.7.3.1).
            var kids = objects.Get<ArrayToken>(field, "Kids")?.Data ?? [];
            var childFields = new List<IToken>();
            var widgets = new List<WidgetEntry>();
            if (objects.GetName(field, "Subtype") == "Widget")
            {
                widgets.Add(Widget(token as IndirectReferenceToken, field));
            }

            foreach (var kid in kids)
            {
                var kidDictionary = objects.Resolve(kid) as DictionaryToken;
                if (kidDictionary is not null && kidDictionary.Data.ContainsKey("T"))
                {
                    childFields.Add(kid);
                }
                else if (kidDictionary is not null)
                {
                    widgets.Add(Widget(kid as IndirectReferenceToken, kidDictionary));
                }
            }

            if (childFields.Count == 0)
            {
                fields.Add(new FieldEntry(fullName, fieldType, field, widgets));
            }

            for (var i = childFields.Count - 1; i >= 0; i--)
            {
                stack.Push(new Pending(childFields[i], fullName, fieldType, depth + 1));
            }
        }
    }

    /// <summary>
    /// Finds signature widgets (merged field + widget with /FT /Sig, ISO 32000-1 §12.7.4.5) that page
    /// /Annots lists but /AcroForm does not reach, so their signatures are validated and kept.
    /// </summary>
    public void ReadUnlinkedSignatureWidgets()
    {
        foreach (var page in pages)
        {
            foreach (var annotation in objects.Get<ArrayToken>(page.Dictionary, "Annots")?.Data ?? [])
            {
                if (annotation is not IndirectReferenceToken reference || visited.Contains(reference.Data)
                    || objects.Resolve(annotation) is not DictionaryToken widget
                    || objects.GetName(widget, "Subtype") != "Widget" || objects.GetName(widget, "FT") != "Sig"
                    || objects.GetText(widget, "T") is not { } name)
                {
                    continue;
                }
                visited.Add(reference.Data);
                names.Add(name);
                unlinked.Add(reference.Data);
                fields.Add(new FieldEntry(name, "Sig", widget, [Widget(reference, widget)]));
            }
        }
    }

    private WidgetEntry Widget(IndirectReferenceToken? reference, DictionaryToken widget) =>
        new(reference?.Data, PageOf(reference?.Data, widget), objects.GetRect(widget, "Rect"));

    /// <summary>The widget's /P when it names a page; otherwise the page whose /Annots lists the widget.</summary>
    private int? PageOf(IndirectReference? widget, DictionaryToken dictionary)
    {
        pageByReference ??= pages.ToDictionary(p => p.Reference, p => p.Number);
        if (PdfObjects.ReferenceOf(dictionary, "P") is { } page && pageByReference.TryGetValue(page, out var number))
        {
            return number;
        }

        if (widget is null)
        {
            return null;
        }

        pageByAnnotation ??= IndexAnnotations();
        return pageByAnnotation.TryGetValue(widget.Value, out var annotated) ? annotated : null;
    }

    private Dictionary<IndirectReference, int> IndexAnnotations()
    {
        var index = new Dictionary<IndirectReference, int>();
        foreach (var page in pages)
        {
            foreach (var annotation in objects.Get<ArrayToken>(page.Dictionary, "Annots")?.Data ?? [])
            {
                if (annotation is IndirectReferenceToken reference)
                {
                    index.TryAdd(reference.Data, page.Number);
                }
            }
        }

        return index;
    }
}
