using Signing.Abstractions;
using Signing.Core.Signing;
using Signing.Stamps;
using TestSupport;

namespace Signing.Core.Tests;

/// <summary>
/// The QR must decode to exactly the given URL, at the place asked for, on every paper size and rotation.
/// The check renders the page as displayed (pdftoppm), crops the asked-for rectangle and decodes only
/// that crop (zbarimg): a QR elsewhere on the page would not be found.
/// </summary>
public sealed class StampPlacementTests
{
    private const string Url = "https://verifikasi.malangkota.go.id/v/GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    public static TheoryData<string, double, double, int, double[]?> Pages() => new()
    {
        { "A4", 595.28, 841.89, 0, null },
        { "F4", 609.45, 935.43, 0, null },
        { "Letter", 612, 792, 0, null },
        { "A4 landscape", 841.89, 595.28, 0, null },
        { "A4 rotated 90", 595.28, 841.89, 90, null },
        { "F4 rotated 180", 609.45, 935.43, 180, null },
        { "A4 rotated 270", 595.28, 841.89, 270, null },
        { "A4 with a shifted CropBox", 595.28, 841.89, 0, new[] { 40.0, 60.0, 560.0, 800.0 } },
        { "F4 rotated 90 with a shifted CropBox", 609.45, 935.43, 90, new[] { 30.0, 50.0, 580.0, 900.0 } },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public void A_stamp_at_a_given_rectangle_shows_a_readable_qr_exactly_there(string name, double w, double h, int rotate, double[]? crop)
    {
        using var temp = new TempDir();
        var input = SyntheticPdf.Write(temp, "in.pdf", SyntheticPdf.Page(w, h, rotate, crop, [(72, 400, "Surat Izin Usaha " + name)]));
        var output = temp.File("out.pdf");
        var asked = new PdfRect(40, 40, 300, 120); // display coordinates, bottom-left of the visible page
        var request = SigningHarness.Visible(Url) with
        {
            Visual = new SignatureVisual { QrUrl = Url, Placement = new StampPlacement.OnPage(1, asked) },
        };

        SigningHarness.Sign(input, output, Signers.For(DevIdentities.Kadis, KeyBackend.Pkcs12), request);

        Assert.Equal([Url], DecodeQrInDisplayRect(output, asked, DisplaySize(w, h, rotate, crop).H));
        RealWorldSigningTests.AssertAcceptedByIndependentTools(input, output, 1);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void The_default_stamp_sits_at_the_bottom_of_the_last_page_and_decodes(string name, double w, double h, int rotate, double[]? crop)
    {
        using var temp = new TempDir();
        var input = SyntheticPdf.Write(temp, "in.pdf", SyntheticPdf.Page(w, h, rotate, crop, [(72, 400, name)]));
        var output = temp.File("out.pdf");

        SigningHarness.Sign(input, output, Signers.For(DevIdentities.Kabid, KeyBackend.Pkcs12), SigningHarness.Visible(Url));

        var (displayWidth, displayHeight) = DisplaySize(w, h, rotate, crop);
        var bottomHalf = new PdfRect(0, 0, displayWidth, displayHeight / 2);
        Assert.Equal([Url], DecodeQrInDisplayRect(output, bottomHalf, displayHeight));
    }

    [Fact]
    public void A_stamp_at_an_anchor_covers_the_marker_and_the_marker_text_is_hidden()
    {
        using var temp = new TempDir();
        var input = SyntheticPdf.Write(temp, "in.pdf", SyntheticPdf.Page(595.28, 841.89, 0, null,
            [(72, 700, "Kepala Dinas,"), (72, 600, "${ttd_kadis}"), (72, 500, "Budi Santoso")]));
        var output = temp.File("out.pdf");
        var request = new SignRequest
        {
            Visual = new SignatureVisual { QrUrl = Url, Placement = new StampPlacement.AtAnchor("${ttd_kadis}") },
        };

        SigningHarness.Sign(input, output, Signers.For(DevIdentities.Kadis, KeyBackend.Pkcs12), request);

        Assert.Equal([Url], DecodeQrInDisplayRect(output, new PdfRect(60, 500, 400, 640), 841.89));
        RealWorldSigningTests.AssertAcceptedByIndependentTools(input, output, 1);
    }

    [Fact]
    public void A_missing_anchor_is_a_typed_error()
    {
        using var temp = new TempDir();
        var input = SyntheticPdf.Write(temp, "in.pdf", SyntheticPdf.Page(595.28, 841.89, lines: [(72, 600, "no marker here")]));
        var request = new SignRequest { Visual = new SignatureVisual { QrUrl = Url, Placement = new StampPlacement.AtAnchor("${ttd_kadis}") } };

        var error = Assert.Throws<StampPlacementException>(() =>
            SigningHarness.Sign(input, temp.File("out.pdf"), Signers.For(DevIdentities.Kadis, KeyBackend.Pkcs12), request));
        Assert.Equal(ErrorCodes.AnchorNotFound, error.Code);
    }

    [Fact]
    public void A_stamp_over_an_existing_signature_is_refused()
    {
        using var temp = new TempDir();
        var input = SyntheticPdf.Write(temp, "in.pdf", SyntheticPdf.Page(595.28, 841.89));
        var once = temp.File("once.pdf");
        var rect = new PdfRect(40, 40, 300, 120);
        var request = new SignRequest { Visual = new SignatureVisual { QrUrl = Url, Placement = new StampPlacement.OnPage(1, rect) } };
        SigningHarness.Sign(input, once, Signers.For(DevIdentities.Kadis, KeyBackend.Pkcs12), request);

        var error = Assert.Throws<StampPlacementException>(() =>
            SigningHarness.Sign(once, temp.File("twice.pdf"), Signers.For(DevIdentities.Sekretaris, KeyBackend.Pkcs12), request));
        Assert.Equal(ErrorCodes.StampOverlapsSignature, error.Code);
    }

    [Fact]
    public void A_stamp_outside_the_visible_page_is_refused()
    {
        using var temp = new TempDir();
        var input = SyntheticPdf.Write(temp, "in.pdf", SyntheticPdf.Page(595.28, 841.89));
        var request = new SignRequest { Visual = new SignatureVisual { QrUrl = Url, Placement = new StampPlacement.OnPage(1, new PdfRect(500, 40, 760, 120)) } };

        var error = Assert.Throws<StampPlacementException>(() =>
            SigningHarness.Sign(input, temp.File("out.pdf"), Signers.For(DevIdentities.Kadis, KeyBackend.Pkcs12), request));
        Assert.Equal(ErrorCodes.StampOutsidePage, error.Code);
    }

    private static (double W, double H) DisplaySize(double w, double h, int rotate, double[]? crop)
    {
        var (vw, vh) = crop is null ? (w, h) : (crop[2] - crop[0], crop[3] - crop[1]);
        return rotate is 90 or 270 ? (vh, vw) : (vw, vh);
    }

    /// <summary>Renders page 1 at 150 dpi as displayed (CropBox, rotation) and decodes QR codes inside the display rectangle only.</summary>
    private static IReadOnlyList<string> DecodeQrInDisplayRect(string pdf, PdfRect rect, double displayHeight)
    {
        const double dpi = 150;
        var height = displayHeight;
        double scale = dpi / 72;
        int margin = 6;
        int x = (int)(rect.Left * scale) - margin, y = (int)((height - rect.Top) * scale) - margin;
        int width = (int)(rect.Width * scale) + 2 * margin, heightPx = (int)(rect.Height * scale) + 2 * margin;
        using var temp = new TempDir();
        var prefix = temp.File("crop");
        var render = ExternalTool.Run("pdftoppm", ["-cropbox", "-r", "150", "-f", "1", "-l", "1", "-x", Math.Max(0, x).ToString(), "-y", Math.Max(0, y).ToString(),
            "-W", width.ToString(), "-H", heightPx.ToString(), "-png", "-singlefile", pdf, prefix]);
        Assert.True(render.ExitCode == 0, render.All);
        return ExternalTool.Run("zbarimg", ["-q", "--raw", prefix + ".png"]).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
