using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Signing.Abstractions;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace Signing.Pdf;

/// <summary>
/// Lays out one signature as an incremental update (ISO 32000-1 §7.5.6, §12.8): signature dictionary,
/// merged signature field and widget, appearance, updated page and form, and a cross-reference section of
/// the same kind as the original's newest one. Nothing of the original is rewritten.
/// </summary>
public static class PdfSignatureAppender
{
    private const int MaxContentsCapacity = 16 << 20;
    private const int IdTailBytes = 1024;

    // Widget flags (Table 165): Print = 4; Print | Locked = 132 for the invisible widget.
    private const int PrintFlag = 4;
    private const int PrintAndLockedFlags = 132;

    public static PreparedPdfUpdate Prepare(PdfDocumentSource source, Stream original, SignatureUpdateRequest request)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(request);
        Validate(source, original, request);

        var widget = request.Widget;
        var page = source.Page(widget?.PageNumber ?? 1);
        if (widget is not null)
        {
            RefuseOverlap(source, page.Number, widget.Rect);
        }

        var next = source.NextObjectNumber;
        IndirectReference Allocate() => new(next++, 0);
        var signatureReference = Allocate();
        var fieldReference = Allocate();
        var appearanceReference = Allocate();

        var writer = new IncrementalUpdateWriter();
        var signature = SignatureDictionaryLayout.Create(request.Dictionary);
        writer.Add(signatureReference, signature.Body);
        writer.Add(fieldReference, FieldAndWidget(request.FieldName, signatureReference, page, widget, appearanceReference));
        writer.Add(appearanceReference, Appearance(widget, page.Rotate, writer, Allocate));

        var changes = new FormAndPageChanges(source, writer);
        changes.AddAnnotation(page, fieldReference);
        changes.AddField(fieldReference);

        var written = writer.Write(UpdateTrailer(source, original, next, request.FieldName, request.Dictionary.SigningTime));

        var bytes = written.Bytes;
        var signatureBody = written.BodyOffsets[signatureReference];
        var contentsStart = source.Length + signatureBody + signature.ContentsOffset;
        var contentsEnd = contentsStart + 2 + (2L * request.Dictionary.ContentsCapacity);
        var total = source.Length + bytes.Length;
        long[] byteRange = [0, contentsStart, contentsEnd, total - contentsEnd];
        SignatureDictionaryLayout.PatchByteRange(bytes, signatureBody + signature.ByteRangeOffset, byteRange);

        return new PreparedPdfUpdate
        {
            OriginalLength = source.Length,
            UpdateBytes = bytes,
            ByteRange = byteRange,
            ContentsOffset = signatureBody + signature.ContentsOffset + 1,
            ContentsCapacity = request.Dictionary.ContentsCapacity,
        };
    }

    /// <summary>
    /// The trailer of an update appended to <paramref name="original"/>: /Prev is its last startxref, /ID[0] is
    /// kept, /ID[1] is derived from the original's tail and <paramref name="revisionLabel"/>, and the
    /// cross-reference section is of the same kind as the original's newest one.
    /// </summary>
    internal static TrailerValues UpdateTrailer(
        PdfDocumentSource source, Stream original, long nextObjectNumber, string revisionLabel, DateTimeOffset? time)
    {
        var tail = PdfFileFraming.ReadAt(original, Math.Max(0, source.Length - IdTailBytes), (int)Math.Min(IdTailBytes, source.Length));
        return new TrailerValues(
            source.Length,
            PdfFileFraming.EndsWithEndOfLine(original, source.Length),
            source.LastStartXref,
            nextObjectNumber,
            source.RootReference,
            source.InfoEntry,
            source.FirstId ?? DerivedId("ID0", source.Length, tail, "", null),
            DerivedId("ID1", source.Length, tail, revisionLabel, time),
            source.NewestSectionIsStream);
    }

    internal static void RequireSameFile(PdfDocumentSource source, Stream original)
    {
        if (!original.CanSeek || original.Length != source.Length)
        {
            throw new ArgumentException("The original stream must be seekable and the same file the source was opened on.", nameof(original));
        }
    }

    private static void Validate(PdfDocumentSource source, Stream original, SignatureUpdateRequest request)
    {
        RequireSameFile(source, original);

        // A partial field name shall not contain a period (ISO 32000-1 §12.7.3.2).
        if (string.IsNullOrWhiteSpace(request.FieldName) || request.FieldName.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{request.FieldName}' is not a usable field name (empty, or contains a period).", nameof(request));
        }

        if (request.Dictionary.ContentsCapacity is < 1 or > MaxContentsCapacity)
        {
            throw new ArgumentOutOfRangeException(nameof(request), $"ContentsCapacity must be between 1 and {MaxContentsCapacity} bytes.");
        }

        if (source.DocMdpPermission == 1)
        {
            throw new PdfFormatException(ErrorCodes.PdfCertifiedNoChanges,
                "The PDF is certified with DocMDP permission 1: no changes, including signatures, are allowed.");
        }

        if (source.FieldNames.Contains(request.FieldName))
        {
            throw new PdfFormatException(ErrorCodes.PdfFieldExists, $"The PDF already has a form field named '{request.FieldName}'.");
        }
    }

    private static void RefuseOverlap(PdfDocumentSource source, int pageNumber, PdfRect rect)
    {
        foreach (var field in source.Fields.Where(f => f.IsSignature))
        {
            foreach (var widget in field.Widgets.Where(w => w.PageNumber == pageNumber && w.Rect is { } r && r.Intersects(rect)))
            {
                throw new StampPlacementException(ErrorCodes.StampOverlapsSignature,
                    $"The stamp at {rect} on page {pageNumber} overlaps signature field '{field.FullName}' at {widget.Rect}.");
            }
        }
    }

    /// <summary>The merged signature field and widget annotation (ISO 32000-1 §12.7.4.5, §12.5.6.19).</summary>
    private static DictionaryToken FieldAndWidget(
        string name, IndirectReference signature, PageEntry page, SignatureWidget? widget, IndirectReference appearance)
    {
        var rect = widget?.Rect ?? new PdfRect(0, 0, 0, 0);
        return new DictionaryToken(new Dictionary<NameToken, IToken>
        {
            [NameToken.Create("Type")] = NameToken.Create("Annot"),
            [NameToken.Create("Subtype")] = NameToken.Create("Widget"),
            [NameToken.Create("FT")] = NameToken.Create("Sig"),
            [NameToken.Create("T")] = PdfText.Token(name),
            [NameToken.Create("V")] = new IndirectReferenceToken(signature),
            [NameToken.Create("F")] = new NumericToken(widget is null ? PrintAndLockedFlags : PrintFlag),
            [NameToken.Create("P")] = new IndirectReferenceToken(page.Reference),
            [NameToken.Create("Rect")] = AppearanceXObject.Numbers(rect.Left, rect.Bottom, rect.Right, rect.Top),
            [NameToken.Create("AP")] = new DictionaryToken(new Dictionary<NameToken, IToken>
            {
                [NameToken.Create("N")] = new IndirectReferenceToken(appearance),
            }),
        });
    }

    /// <summary>
    /// The normal appearance: the caller's drawing with its fonts, or an empty form for an invisible
    /// signature (or a visible one drawn by nobody), which readers and PDF/A still expect to find.
    /// </summary>
    private static byte[] Appearance(SignatureWidget? widget, int rotate, IncrementalUpdateWriter writer, Func<IndirectReference> allocate)
    {
        if (widget?.Appearance is not { } appearance)
        {
            var (width, height) = widget is null ? (0.0, 0.0)
                : rotate is 90 or 270 ? (widget.Rect.Height, widget.Rect.Width) : (widget.Rect.Width, widget.Rect.Height);
            return AppearanceXObject.Serialize([], width, height, rotate, []);
        }

        var fonts = new List<(string, IndirectReferenceToken)>();
        foreach (var (resourceName, font) in AppearanceXObject.Fonts(appearance))
        {
            var reference = allocate();
            writer.Add(reference, font);
            fonts.Add((resourceName, new IndirectReferenceToken(reference)));
        }

        return AppearanceXObject.Serialize(appearance.Content, appearance.Width, appearance.Height, rotate, fonts);
    }

    /// <summary>
    /// /ID entries derived from the original and the request, so preparing twice gives the same bytes
    /// (the architecture's "both phases deterministic").
    /// </summary>
    private static byte[] DerivedId(string purpose, long length, byte[] tail, string fieldName, DateTimeOffset? signingTime)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.ASCII.GetBytes($"SigningService/{purpose}"));
        hash.AppendData(BitConverter.GetBytes(length));
        hash.AppendData(tail);
        hash.AppendData(Encoding.UTF8.GetBytes(fieldName));
        hash.AppendData(Encoding.ASCII.GetBytes(signingTime?.ToString("O", CultureInfo.InvariantCulture) ?? ""));
        return hash.GetHashAndReset()[..16];
    }
}
