using Signing.Abstractions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.CrossReference;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace Signing.Pdf;

/// <summary>
/// A PDF opened for signing: validated framing and cross-reference chain, page geometry, form fields and
/// existing signatures. The input stream is read in place (never copied whole) and is not disposed by us.
/// </summary>
public sealed partial class PdfDocumentSource : IDisposable
{
    private readonly PdfDocument document;
    private readonly DecodeBudget decodeBudget;
    private readonly IReadOnlyList<SignatureFieldInfo> signatureFields;

    private PdfDocumentSource(
        long length, long lastStartXref, IReadOnlyList<long> revisions, PdfDocument document, DecodeBudget decodeBudget,
        PdfObjects objects, IReadOnlyList<PageEntry> pages, AcroFormReader form)
    {
        Length = length;
        LastStartXref = lastStartXref;
        Revisions = revisions;
        this.document = document;
        this.decodeBudget = decodeBudget;
        Objects = objects;
        Pages = pages;
        Fields = form.Fields;
        FieldNames = form.Names;
        UnlinkedSignatureFields = form.UnlinkedSignatureFields;

        var structure = document.Structure;
        Catalog = structure.Catalog.CatalogDictionary;
        RootReference = structure.Trailer.Root;
        InfoEntry = structure.Trailer.Info;
        FirstId = structure.Trailer.Identifier is { Count: > 0 } id ? IdentifierBytes(id[0]) : null;
        var newest = structure.CrossReferenceTable.Parts[0];
        NewestSectionIsStream = newest.Type == CrossReferenceType.Stream || newest.Dictionary.Data.ContainsKey("XRefStm");
        var highestObject = structure.CrossReferenceTable.ObjectOffsets.Keys.Select(r => r.ObjectNumber).DefaultIfEmpty(0).Max();
        NextObjectNumber = Math.Max(structure.Trailer.Size, highestObject + 1);
        DocMdpPermission = SignatureReader.DocMdpPermission(Objects, Catalog);
        signatureFields = Fields
            .Where(f => f.IsSignature)
            .Select(f => new SignatureFieldInfo(
                f.FullName,
                f.Widgets.FirstOrDefault()?.PageNumber,
                f.Widgets.FirstOrDefault()?.Rect,
                Objects.Get<DictionaryToken>(f.Dictionary, "V") is not null))
            .ToList();
    }

    public long Length { get; }

    public int PageCount => Pages.Count;

    /// <summary>
    /// Where each revision ends, in file order: the offset just after the %%EOF (and its end-of-line marker) that
    /// closes the original file and each incremental update (ISO 32000-1 §7.5.6), found from the cross-reference
    /// chain rather than by counting %%EOF markers, which linearized files (Annex F) also put after the first-page
    /// trailer. The last entry is the end of the file. A signature whose /ByteRange ends at an entry covers
    /// exactly the revisions up to it (ETSI EN 319 142-1 §5.4, ISO 32000-2 §12.8.1). The end-of-line marker
    /// after %%EOF counts with the revision it closes, as writers (ours included) end a revision with one; when
    /// a revision ends without one, the next update's leading newline is counted with it instead.
    /// </summary>
    public IReadOnlyList<long> Revisions { get; }

    /// <summary>Signature fields reachable only from page /Annots; the next signature update links them into /Fields.</summary>
    internal IReadOnlyList<IndirectReference> UnlinkedSignatureFields { get; }

    /// <summary>Existing signature fields (/FT /Sig) with their first widget.</summary>
    public IReadOnlyList<SignatureFieldInfo> SignatureFields => signatureFields;

    /// <summary>The certification signature's DocMDP /P (1, 2 or 3), or null when the document is not certified.</summary>
    public int? DocMdpPermission { get; }

    internal long LastStartXref { get; }

    internal PdfObjects Objects { get; }

    internal DictionaryToken Catalog { get; }

    internal IndirectReference RootReference { get; }

    internal IToken? InfoEntry { get; }

    internal byte[]? FirstId { get; }

    internal bool NewestSectionIsStream { get; }

    internal long NextObjectNumber { get; }

    internal IReadOnlyList<PageEntry> Pages { get; }

    internal IReadOnlyList<FieldEntry> Fields { get; }

    internal IReadOnlySet<string> FieldNames { get; }

    public static PdfDocumentSource Open(Stream input, PdfReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!input.CanSeek || !input.CanRead)
        {
            throw new ArgumentException("The PDF stream must be readable and seekable.", nameof(input));
        }

        limits ??= PdfReadLimits.Default;
        var length = input.Length;
        if (length == 0)
        {
            throw new PdfFormatException(ErrorCodes.PdfEmpty, "The PDF is empty (0 bytes).");
        }

        if (length > limits.MaxFileBytes)
        {
            throw PdfPigErrors.TooComplex($"The PDF is {length} bytes; the limit is {limits.MaxFileBytes}.");
        }

        PdfFileFraming.RequireHeader(input, length);
        var lastStartXref = PdfFileFraming.ReadLastStartXref(input, length);
        if (!PdfFileFraming.StartsCrossReferenceSection(input, lastStartXref, length))
        {
            throw PdfPigErrors.Malformed(
                $"The last startxref points at offset {lastStartXref}, where there is no cross-reference table or stream.");
        }

        var budget = new DecodeBudget(limits.MaxDecodedStreamBytes, limits.MaxTotalDecodedBytes);
        var options = new ParsingOptions
        {
            // Lenient parsing brute-forces damaged xrefs; validators reject an incremental update over a broken
            // chain, so we refuse such files instead. Every real-world fixture opens without it.
            UseLenientParsing = false,
            SkipMissingFonts = true,
            MaxStackDepth = limits.MaxNesting,
            FilterProvider = new BoundedFilterProvider(DefaultFilterProvider.Instance, budget),
        };
        input.Position = 0;
        var document = PdfPigErrors.Guard("Opening the PDF", () => PdfDocument.Open(input, options));
        try
        {
            return PdfPigErrors.Guard("Reading the PDF structure", () => Create(input, length, lastStartXref, document, budget, limits));
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static PdfDocumentSource Create(Stream input, long length, long lastStartXref, PdfDocument document, DecodeBudget budget, PdfReadLimits limits)
    {
        if (document.IsEncrypted || document.Structure.Trailer.EncryptionToken is not null)
        {
            throw new PdfFormatException(ErrorCodes.PdfEncrypted, "The PDF is encrypted; encrypted documents cannot be signed.");
        }

        var chain = ValidateCrossReferenceChain(input, length, lastStartXref, document.Structure.CrossReferenceTable, limits);
        var revisions = RevisionEnds(input, length, chain);
        var objects = new PdfObjects(document.Structure);
        var catalog = document.Structure.Catalog.CatalogDictionary;
        var pages = PageTree.Walk(objects, catalog, limits);
        if (pages.Count == 0)
        {
            throw PdfPigErrors.Malformed("The PDF has no pages.");
        }

        if (pages.Count != document.NumberOfPages)
        {
            throw PdfPigErrors.Malformed($"The page tree holds {pages.Count} pages but declares {document.NumberOfPages}.");
        }

        var form = new AcroFormReader(objects, pages, limits);
        form.Read(catalog);
        form.ReadUnlinkedSignatureWidgets();
        return new PdfDocumentSource(length, lastStartXref, revisions, document, budget, objects, pages, form);
    }

    /// <summary>Page boxes and rotation of a 1-based page number.</summary>
    public PageGeometry GetPage(int pageNumber) => Page(pageNumber).Geometry;

    /// <summary>Every signature dictionary reachable from a signature field, in file order of /ByteRange.</summary>
    public IReadOnlyList<EmbeddedSignature> ReadSignatures() => SignatureReader.Read(Objects, Fields);

    public void Dispose() => document.Dispose();

    internal PageEntry Page(int pageNumber)
    {
        if (pageNumber < 1 || pageNumber > Pages.Count)
        {
            throw new PdfFormatException(ErrorCodes.PdfPageOutOfRange,
                $"Page {pageNumber} does not exist; the PDF has {Pages.Count} page(s).");
        }

        return Pages[pageNumber - 1];
    }

    /// <summary>
    /// The chain from the last startxref through every /Prev (ISO 32000-1 §7.5.6) must land exactly on the
    /// sections PdfPig parsed: PdfPig repairs offsets that are a few bytes off, which would hide a broken file.
    /// </summary>
    /// <returns>The chain's sections, newest first, with the /Prev of each.</returns>
    private static List<(long Offset, long? Previous)> ValidateCrossReferenceChain(
        Stream input, long length, long lastStartXref, CrossReferenceTable table, PdfReadLimits limits)
    {
        var parts = table.Parts;
        if (parts.Count == 0 || parts[0].Offset != lastStartXref)
        {
            throw PdfPigErrors.Malformed(
                $"The last startxref points at offset {lastStartXref}, but the cross-reference section was found elsewhere.");
        }

        var visited = new HashSet<long>();
        var chain = new List<(long, long?)>();
        for (long? offset = lastStartXref; offset is { } current; )
        {
            if (!visited.Add(current))
            {
                throw PdfPigErrors.Malformed($"The cross-reference /Prev chain loops back to offset {current}.");
            }

            if (visited.Count > limits.MaxXrefSections)
            {
                throw PdfPigErrors.TooComplex($"The PDF has more than {limits.MaxXrefSections} cross-reference sections.");
            }

            var part = parts.FirstOrDefault(p => p.Offset == current && p.TiedToXrefAtOffset is null)
                       ?? parts.FirstOrDefault(p => p.Offset == current);
            if (part is null || !PdfFileFraming.StartsCrossReferenceSection(input, current, length))
            {
                throw PdfPigErrors.Malformed($"A /Prev entry points at offset {current}, where there is no cross-reference section.");
            }

            chain.Add((current, part.Previous));
            offset = part.Previous;
        }

        return chain;
    }

    /// <summary>
    /// An incremental update's section points back (/Prev) at the revision before it, which ends at the first
    /// "startxref n %%EOF" after that revision's last section. A /Prev that points forward is a linearized file's
    /// first-page section naming its main one (ISO 32000-1 Annex F): the same revision, so its end is searched
    /// after the main section, not after the first-page trailer's %%EOF.
    /// </summary>
    private static IReadOnlyList<long> RevisionEnds(Stream input, long length, List<(long Offset, long? Previous)> chain)
    {
        var previousOf = chain.ToDictionary(s => s.Offset, s => s.Previous);
        var ends = new SortedSet<long> { PdfFileFraming.EndOfLastRevision(input, length) };
        foreach (var (offset, previous) in chain)
        {
            if (previous is not { } last || last >= offset)
            {
                continue;
            }

            while (previousOf.GetValueOrDefault(last) is { } forward && forward > last && forward < offset)
            {
                last = forward;
            }

            if (PdfFileFraming.FindRevisionEnd(input, last, offset) is { } end)
            {
                ends.Add(end);
            }
        }

        return [.. ends];
    }

    private static byte[] IdentifierBytes(IDataToken<string> token) => token switch
    {
        HexToken hex => hex.Bytes.ToArray(),
        StringToken text => text.GetBytes(),
        _ => [],
    };
}
