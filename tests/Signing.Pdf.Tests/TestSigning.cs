using System.Text;
using Signing.Abstractions;

namespace Signing.Pdf.Tests;

/// <summary>Requests and a dummy "signature" for exercising the PDF structure (real CMS is tested elsewhere).</summary>
internal static class TestSigning
{
    /// <summary>DER of INTEGER-in-a-SEQUENCE: enough to tell our bytes from the zero padding.</summary>
    public static readonly byte[] DummyDer = [0x30, 0x03, 0x02, 0x01, 0x00];

    public static readonly DateTimeOffset SigningTime = new(2024, 5, 1, 9, 30, 0, TimeSpan.FromHours(7));

    public const double StampWidth = 200;
    public const double StampHeight = 60;

    public static SignatureDictionaryValues Values(int capacity = 4096) => new()
    {
        ContentsCapacity = capacity,
        SigningTime = SigningTime,
        Name = "Budi Santoso",
        Reason = "Persetujuan (dokumen uji)",
        Location = "Jakarta",
    };

    public static SignatureUpdateRequest Invisible(string fieldName) => new(fieldName, null, Values());

    public static AppearanceStream Appearance() => new(
        Encoding.ASCII.GetBytes($"0.9 g 0 0 {StampWidth} {StampHeight} re f 0 g BT /F1 10 Tf 2 2 Td (Ditandatangani) Tj ET"),
        StampWidth,
        StampHeight,
        new Dictionary<string, string> { ["F1"] = "Helvetica" });

    /// <summary>
    /// A stamp 200×60 as displayed, 20 pt in from a corner of the visible box, as a rectangle in default
    /// user space (width and height swap on pages shown turned by 90 or 270 degrees).
    /// </summary>
    public static SignatureUpdateRequest Visible(string fieldName, PageGeometry page)
    {
        var box = page.VisibleBox;
        var (width, height) = page.Rotation is 90 or 270 ? (StampHeight, StampWidth) : (StampWidth, StampHeight);
        var rect = page.Rotation switch
        {
            90 => PdfRect.FromSize(box.Left + 20, box.Bottom + 20, width, height),
            180 => PdfRect.FromSize(box.Right - 20 - width, box.Top - 20 - height, width, height),
            270 => PdfRect.FromSize(box.Right - 20 - width, box.Bottom + 20, width, height),
            _ => PdfRect.FromSize(box.Left + 20, box.Bottom + 20, width, height),
        };
        return new SignatureUpdateRequest(fieldName, new SignatureWidget(page.PageNumber, rect, Appearance()), Values());
    }

    public static PreparedPdfUpdate Prepare(byte[] original, Func<PdfDocumentSource, SignatureUpdateRequest> request)
    {
        using var stream = new MemoryStream(original, writable: false);
        using var source = PdfDocumentSource.Open(stream);
        return PdfSignatureAppender.Prepare(source, stream, request(source));
    }

    public static (byte[] Output, PreparedPdfUpdate Prepared) Sign(byte[] original, Func<PdfDocumentSource, SignatureUpdateRequest> request)
    {
        var prepared = Prepare(original, request);
        return ([.. original, .. prepared.WithContents(DummyDer)], prepared);
    }

    public static PdfFormatException OpenFails(byte[] bytes, PdfReadLimits? limits = null)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return Assert.Throws<PdfFormatException>(() => PdfDocumentSource.Open(stream, limits).Dispose());
    }
}
