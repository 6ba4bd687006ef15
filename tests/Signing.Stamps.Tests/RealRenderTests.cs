using System.Text;
using Signing.Abstractions;
using Signing.Stamps.Tests.Support;

namespace Signing.Stamps.Tests;

/// <summary>
/// The stamp as a reader sees it: the appearance is put on a hand-written one-page PDF (300 × 120 pt,
/// fonts F1/F2 as standard Type 1 fonts with WinAnsiEncoding), rendered by poppler, and read back by a QR
/// scanner and a text extractor.
/// </summary>
public class RealRenderTests
{
    private static byte[] PageWith(AppearanceStream stamp)
    {
        // Place the stamp 20 pt in from the page's lower-left corner, as a widget's /Rect would.
        byte[] content = [.. "q 1 0 0 1 20 20 cm\n"u8, .. stamp.Content, .. "Q\n"u8];
        return MinimalPdf.OnePage(content, new PdfRect(0, 0, 300, 120), fonts: stamp.Fonts);
    }

    [Theory]
    [InlineData(StampRendererTests.Url)]
    [InlineData("https://ttd.example.go.id/v/ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")]
    [InlineData("https://sign.pemkot.go.id/verify?id=abc&ref=(42)#x")]
    [InlineData("https://ttd.example.id/v/d\u00e9j\u00e0-\u4f8b")]
    public void A_phone_scanner_reads_exactly_the_url_from_the_rendered_page(string url)
    {
        using var tools = new Poppler();
        var pdf = tools.Save(PageWith(StampRenderer.Render(StampRendererTests.Sample() with { QrUrl = url })));

        var decoded = tools.DecodeQr(tools.RenderPng(pdf, 150));

        Assert.Equal(Encoding.UTF8.GetBytes(url), decoded);
    }

    [Fact]
    public void A_text_extractor_reads_the_heading_the_signer_and_the_date()
    {
        using var tools = new Poppler();
        var content = StampRendererTests.Sample() with { SignerName = "Dr. Sébastien (Budi) Santoso, M.Si." };
        var pdf = tools.Save(PageWith(StampRenderer.Render(content)));

        var text = tools.PdfToText(pdf);

        Assert.Contains("Ditandatangani secara elektronik oleh", text);
        Assert.Contains("Dr. Sébastien (Budi) Santoso, M.Si.", text);
        Assert.Contains("a.n. Wali Kota Malang", text);
        Assert.Contains("22 November 2026 14:05 WIB", text);
        Assert.Contains("Balai Sertifikasi", text);
    }

    [Fact]
    public void The_white_background_hides_a_marker_drawn_under_the_stamp()
    {
        // A black "#" marker box on the page, then the stamp painted over it at the same spot.
        var stamp = StampRenderer.Render(StampRendererTests.Sample());
        byte[] content =
        [
            .. "0 g 150 60 20 20 re f\n"u8,
            .. "q 1 0 0 1 20 20 cm\n"u8, .. stamp.Content, .. "Q\n"u8,
        ];
        using var tools = new Poppler();
        var pdf = tools.Save(MinimalPdf.OnePage(content, new PdfRect(0, 0, 300, 120), fonts: stamp.Fonts));

        var image = tools.RenderGrey(pdf);

        // Where the marker was, inside the stamp's text column but between the text lines' ink, the page is
        // mostly white now: count dark pixels in the marker's square.
        var dark = 0;
        for (var x = 150; x < 170; x++)
            for (var y = 60; y < 80; y++)
                if (image.AtDisplay(x + 0.5, y + 0.5) < 128)
                    dark++;
        Assert.True(dark < 400 / 3, $"{dark} of 400 marker pixels still dark");
    }
}
