using System.Globalization;
using System.Text;
using Signing.Abstractions;
using Signing.Stamps.Tests.Support;

namespace Signing.Stamps.Tests;

/// <summary>
/// The geometry checked against a real renderer: rectangles are filled in user space at what
/// <see cref="StampLayout.DisplayToUserSpace"/> returns, poppler renders the page as a viewer shows it
/// (crop box, /Rotate), and the pixels must be dark exactly where the display coordinates said.
/// </summary>
public class RenderedGeometryTests
{
    private static readonly PdfRect A4 = new(0, 0, 595.28, 841.89);
    private static readonly PdfRect CroppedA4 = new(50, 60, 545, 780);

    public static TheoryData<int> Rotations => [0, 90, 180, 270];

    [Theory]
    [MemberData(nameof(Rotations))]
    public void Display_rectangles_appear_where_a_viewer_shows_them_on_a_cropped_rotated_page(int rotation)
    {
        var page = new PageGeometry(1, A4, CroppedA4, rotation);
        var corner = new PdfRect(0, 0, 100, 50);                    // bottom-left as displayed
        var stamp = StampLayout.DefaultDisplayRect(page, 260, 80);   // bottom-right as displayed

        var content = new StringBuilder("0 g\n");
        foreach (var display in new[] { corner, stamp })
        {
            var user = StampLayout.DisplayToUserSpace(page, display);
            content.Append(string.Create(CultureInfo.InvariantCulture,
                $"{user.Left:0.###} {user.Bottom:0.###} {user.Width:0.###} {user.Height:0.###} re\n"));
        }
        content.Append("f\n");

        using var tools = new Poppler();
        var pdf = tools.Save(MinimalPdf.OnePage(Encoding.ASCII.GetBytes(content.ToString()), A4, CroppedA4, rotation));
        var image = tools.RenderGrey(pdf);

        Assert.Equal(Math.Round(page.DisplayWidth), image.Width, 1.0);
        Assert.Equal(Math.Round(page.DisplayHeight), image.Height, 1.0);

        // Inside the corner rectangle: dark. Just beyond its right and top edges: white.
        Assert.True(image.AtDisplay(50, 25) < 64, "corner rectangle is not at the displayed bottom-left");
        Assert.True(image.AtDisplay(110, 25) > 192);
        Assert.True(image.AtDisplay(50, 60) > 192);

        // The default stamp: dark in its middle, white in the margins to its right and below it.
        Assert.True(image.AtDisplay(stamp.Left + stamp.Width / 2, stamp.Bottom + stamp.Height / 2) < 64,
            "default stamp is not at the displayed bottom-right");
        Assert.True(image.AtDisplay(page.DisplayWidth - 18, stamp.Bottom + 10) > 192);
        Assert.True(image.AtDisplay(stamp.Left + 10, 18) > 192);
        Assert.True(image.AtDisplay(stamp.Left - 10, stamp.Bottom + 10) > 192);
    }
}
