using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace Signing.Pdf;

/// <summary>
/// The existing objects one signature changes, rewritten under their own number and generation
/// (ISO 32000-1 §7.5.6): the page (/Annots), the catalog or the /AcroForm object (/Fields, /SigFlags),
/// and any of those arrays that is an indirect object of its own.
/// </summary>
internal sealed class FormAndPageChanges(PdfDocumentSource source, IncrementalUpdateWriter writer)
{
    // SignaturesExist | AppendOnly (Table 219): viewers must save signed files incrementally.
    private const int SignatureFlags = 3;

    /// <summary>Appends the widget to the page's /Annots (ISO 32000-1 §12.5.2).</summary>
    public void AddAnnotation(PageEntry page, IndirectReference widget)
    {
        var updated = Append(page.Dictionary, "Annots", [widget]);
        if (updated is not null)
        {
            writer.Add(page.Reference, updated);
        }
    }

    /// <summary>
    /// Adds the field to /AcroForm /Fields and sets /SigFlags 3 (§12.7.2), keeping every other entry
    /// (/DR, /DA, /NeedAppearances...). An indirect /AcroForm is updated in place, a direct one through the catalog.
    /// Signature fields that only page /Annots reached are linked in too.
    /// </summary>
    public void AddField(IndirectReference field)
    {
        IndirectReference[] added = [.. source.UnlinkedSignatureFields, field];
        var catalog = source.Catalog;
        var formReference = PdfObjects.ReferenceOf(catalog, "AcroForm");
        var existingForm = source.Objects.Get<DictionaryToken>(catalog, "AcroForm");
        var form = existingForm ?? new DictionaryToken(new Dictionary<NameToken, IToken>());
        form = Append(form, "Fields", added) ?? form;

        var flags = (int)(source.Objects.GetNumber(form, "SigFlags") ?? 0);
        if ((flags & SignatureFlags) != SignatureFlags || form.Data["SigFlags"] is IndirectReferenceToken)
        {
            form = form.With("SigFlags", new NumericToken(flags | SignatureFlags));
        }

        if (ReferenceEquals(form, existingForm))
        {
            return;
        }

        if (formReference is { } reference && existingForm is not null)
        {
            writer.Add(reference, form);
        }
        else
        {
            writer.Add(source.RootReference, catalog.With("AcroForm", form));
        }
    }

    /// <summary>
    /// The dictionary with <paramref name="item"/> appended to its array under <paramref name="key"/>, or null
    /// when the array is an indirect object, which is then rewritten itself and the dictionary stays as it is.
    /// </summary>
    private DictionaryToken? Append(DictionaryToken dictionary, string key, IReadOnlyList<IndirectReference> items)
    {
        var references = items.Select(i => (IToken)new IndirectReferenceToken(i)).ToList();
        dictionary.Data.TryGetValue(key, out var value);
        if (value is IndirectReferenceToken arrayReference && source.Objects.Get(arrayReference.Data) is ArrayToken indirectArray)
        {
            writer.Add(arrayReference.Data, new ArrayToken([.. indirectArray.Data, .. references]));
            return null;
        }

        var existing = value as ArrayToken;
        return dictionary.With(key, new ArrayToken([.. existing?.Data ?? [], .. references]));
    }
}
