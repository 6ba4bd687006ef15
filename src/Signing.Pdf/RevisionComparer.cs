using System.Security.Cryptography;
using UglyToad.PdfPig.Tokens;

namespace Signing.Pdf;

/// <summary>One difference between the version a signature covers and the file as it is now.</summary>
/// <param name="Kind">signature-added, document-timestamp-added, dss-changed (allowed); page-content-changed,
/// pages-changed, annotation-added, annotation-changed, annotation-removed, form-value-changed (suspicious).</param>
public sealed record RevisionChange(string Kind, bool Allowed, string Description);

/// <summary>
/// What changed after a signature, found by comparing the signed version (the file up to the end of the
/// signature's ByteRange, itself a complete PDF) with the whole file, as viewers do when they show "the
/// signed version". Allowed after a signature, in the spirit of DocMDP level 2 and PAdES LTV (ISO 32000-1
/// §12.8.2.2, ETSI EN 319 142-1 §5.4): further signatures and their widgets, document time-stamps and
/// DSS validation data. Anything touching what a reader sees — page content, the page list, other
/// annotations, form values — is reported as suspicious. Catalog-level changes beyond those (e.g. actions,
/// names) are not examined.
/// </summary>
public static class RevisionComparer
{
    public static IReadOnlyList<RevisionChange> Compare(PdfDocumentSource signed, PdfDocumentSource current)
    {
        var before = Snapshot.Of(signed);
        var after = Snapshot.Of(current);
        var changes = new List<RevisionChange>();

        foreach (var (name, type) in after.SignatureFields.Where(f => !before.SignatureFields.ContainsKey(f.Key) || before.SignatureFields[f.Key] != f.Value))
        {
            if (type is null)
                continue;
            changes.Add(type == "DocTimeStamp"
                ? new RevisionChange("document-timestamp-added", true, $"A document time-stamp was added (field '{name}').")
                : new RevisionChange("signature-added", true, $"A signature was added (field '{name}')."));
        }
        if (!string.Equals(before.DssHash, after.DssHash, StringComparison.Ordinal))
            changes.Add(new RevisionChange("dss-changed", true, "Validation data (/DSS: certificates, OCSP responses, CRLs) was added."));

        if (before.Pages.Count != after.Pages.Count)
            changes.Add(new RevisionChange("pages-changed", false, $"The document had {before.Pages.Count} page(s) when signed and has {after.Pages.Count} now."));
        for (var i = 0; i < Math.Min(before.Pages.Count, after.Pages.Count); i++)
            ComparePage(i + 1, before.Pages[i], after.Pages[i], changes);

        foreach (var (name, value) in after.FieldValues)
        {
            if (!before.FieldValues.TryGetValue(name, out var old) || !string.Equals(old, value, StringComparison.Ordinal))
                changes.Add(new RevisionChange("form-value-changed", false, $"The value of form field '{name}' changed after signing."));
        }
        return changes;
    }

    private static void ComparePage(int number, PageState before, PageState after, List<RevisionChange> changes)
    {
        if (!string.Equals(before.ContentHash, after.ContentHash, StringComparison.Ordinal))
            changes.Add(new RevisionChange("page-content-changed", false, $"The content of page {number} changed after signing."));
        foreach (var annotation in after.Annotations.Where(a => !a.Value.SignatureWidget))
        {
            if (!before.Annotations.TryGetValue(annotation.Key, out var old))
                changes.Add(new RevisionChange("annotation-added", false, $"A {annotation.Value.Subtype} annotation was added to page {number}."));
            else if (!string.Equals(old.Hash, annotation.Value.Hash, StringComparison.Ordinal))
                changes.Add(new RevisionChange("annotation-changed", false, $"A {annotation.Value.Subtype} annotation on page {number} changed."));
        }
        foreach (var removed in before.Annotations.Where(a => !after.Annotations.ContainsKey(a.Key)))
            changes.Add(new RevisionChange("annotation-removed", false, $"A {removed.Value.Subtype} annotation was removed from page {number}."));
    }

    private sealed record AnnotationState(string Subtype, string Hash, bool SignatureWidget);

    private sealed record PageState(string ContentHash, Dictionary<string, AnnotationState> Annotations);

    private sealed record Snapshot(
        IReadOnlyList<PageState> Pages, Dictionary<string, string?> SignatureFields, Dictionary<string, string> FieldValues, string DssHash)
    {
        public static Snapshot Of(PdfDocumentSource source)
        {
            var objects = source.Objects;
            var signatureWidgets = source.Fields.Where(f => f.IsSignature)
                .SelectMany(f => f.Widgets).Where(w => w.Reference is not null).Select(w => w.Reference!.Value).ToHashSet();
            var pages = source.Pages.Select(page => new PageState(ContentHash(source, page), Annotations(source, page, signatureWidgets))).ToList();
            var signatureFields = source.Fields.Where(f => f.IsSignature).ToDictionary(
                f => f.FullName, f => objects.Get<DictionaryToken>(f.Dictionary, "V") is { } v ? objects.GetName(v, "Type") ?? "Sig" : null);
            var values = source.Fields.Where(f => !f.IsSignature && f.Dictionary.Data.ContainsKey("V"))
                .GroupBy(f => f.FullName).ToDictionary(g => g.Key, g => Hash(objects.Resolve(g.First().Dictionary.Data["V"])));
            var dss = objects.Get<DictionaryToken>(source.Catalog, "DSS");
            return new Snapshot(pages, signatureFields, values, dss is null ? "" : Hash(dss));
        }

        /// <summary>Hash of the raw (still encoded) data of each content stream, in order.</summary>
        private static string ContentHash(PdfDocumentSource source, PageEntry page)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var contents = source.Objects.Resolve(page.Dictionary.Data.GetValueOrDefault("Contents"));
            IEnumerable<IToken> parts = contents is ArrayToken array ? array.Data : contents is null ? [] : [contents];
            foreach (var part in parts)
            {
                if (source.Objects.Resolve(part) is StreamToken stream)
                    hash.AppendData(stream.Data.Span);
                hash.AppendData([0]);
            }
            return Convert.ToHexString(hash.GetHashAndReset());
        }

        private static Dictionary<string, AnnotationState> Annotations(PdfDocumentSource source, PageEntry page, HashSet<UglyToad.PdfPig.Core.IndirectReference> signatureWidgets)
        {
            var result = new Dictionary<string, AnnotationState>(StringComparer.Ordinal);
            var items = source.Objects.Get<ArrayToken>(page.Dictionary, "Annots")?.Data ?? [];
            for (var i = 0; i < items.Count; i++)
            {
                if (source.Objects.Resolve(items[i]) is not DictionaryToken annotation)
                    continue;
                var key = items[i] is IndirectReferenceToken r ? $"{r.Data.ObjectNumber} {r.Data.Generation}" : $"direct {i}";
                var isSignatureWidget = items[i] is IndirectReferenceToken reference && signatureWidgets.Contains(reference.Data)
                                        || source.Objects.GetName(annotation, "FT") == "Sig";
                result[key] = new AnnotationState(source.Objects.GetName(annotation, "Subtype") ?? "unknown", Hash(annotation), isSignatureWidget);
            }
            return result;
        }

        private static string Hash(IToken? token) =>
            token is null ? "" : Convert.ToHexString(SHA256.HashData(PdfTokenSerializer.Shared.Serialize(token)));
    }
}
