using Signing.Abstractions;

namespace Signing.Stamps.Tests;

public class StampLayoutTests
{
    private const double Eps = 1e-9;
    private static readonly PdfRect A4 = new(0, 0, 595.28, 841.89);
    private static readonly PdfRect CroppedA4 = new(50, 60, 545, 780);

    private static PageGeometry Page(PdfRect media, int rotation, PdfRect? crop = null) =>
        new(1, media, crop ?? media, rotation);

    private static void AssertRect(PdfRect expected, PdfRect actual, double precision = 1e-9)
    {
        Assert.Equal(expected.Left, actual.Left, precision);
        Assert.Equal(expected.Bottom, actual.Bottom, precision);
        Assert.Equal(expected.Right, actual.Right, precision);
        Assert.Equal(expected.Top, actual.Top, precision);
    }

    public static TheoryData<int> Rotations => [0, 90, 180, 270];

    [Theory]
    [MemberData(nameof(Rotations))]
    public void Display_and_user_space_round_trip_on_a_cropped_page_at_every_rotation(int rotation)
    {
        var page = Page(A4, rotation, CroppedA4);
        PdfRect[] displayRects =
        [
            new(0, 0, 100, 50),
            new(10.5, 20.25, 270.5, 100.25),
            new(0, 0, page.DisplayWidth, page.DisplayHeight),
            new(page.DisplayWidth - 260, page.DisplayHeight - 80, page.DisplayWidth, page.DisplayHeight),
        ];
        foreach (var display in displayRects)
        {
            var user = StampLayout.DisplayToUserSpace(page, display);
            AssertRect(display, StampLayout.UserSpaceToDisplay(page, user));
            Assert.True(page.VisibleBox.Contains(user, Eps), $"{user} is outside the crop box at /Rotate {rotation}");
            Assert.Equal(rotation is 90 or 270 ? display.Height : display.Width, user.Width, Eps);
        }
    }

    [Fact]
    public void The_whole_visible_page_as_displayed_maps_onto_the_crop_box()
    {
        foreach (var rotation in new[] { 0, 90, 180, 270 })
        {
            var page = Page(A4, rotation, CroppedA4);
            AssertRect(CroppedA4, StampLayout.DisplayToUserSpace(page, StampLayout.DisplayBounds(page)));
        }
    }

    // Rotate is clockwise (ISO 32000-1 §7.7.3.3). At 90° the user-space bottom edge becomes the displayed left
    // edge, read upwards from its right end: the displayed bottom-left corner is the user-space bottom-RIGHT
    // corner. So display x ∈ [0, 100] runs along user y from 0, and display y ∈ [0, 50] runs along user x
    // leftwards from 595.28: user x ∈ [545.28, 595.28], y ∈ [0, 100].
    [Theory]
    [InlineData(0, 0, 0, 100, 50)]
    [InlineData(90, 545.28, 0, 595.28, 100)]
    [InlineData(180, 495.28, 791.89, 595.28, 841.89)]
    [InlineData(270, 0, 741.89, 50, 841.89)]
    public void The_displayed_bottom_left_corner_of_A4_lands_where_derived_by_hand(
        int rotation, double left, double bottom, double right, double top)
    {
        var user = StampLayout.DisplayToUserSpace(Page(A4, rotation), new PdfRect(0, 0, 100, 50));
        AssertRect(new PdfRect(left, bottom, right, top), user, 1e-6);
    }

    [Fact]
    public void A_cropped_page_rotated_90_is_measured_from_the_crop_box_not_the_media_box()
    {
        // Crop box 495 × 720 at (50, 60). Display (0,0)-(100,50) → user x = 50 + 495 − [0, 50], y = 60 + [0, 100].
        var page = Page(A4, 90, CroppedA4);
        Assert.Equal(720, page.DisplayWidth);
        Assert.Equal(495, page.DisplayHeight);
        AssertRect(new PdfRect(495, 60, 545, 160), StampLayout.DisplayToUserSpace(page, new PdfRect(0, 0, 100, 50)));
    }

    [Fact]
    public void A_rotation_outside_0_to_270_is_normalised_like_readers_do()
    {
        var rect = new PdfRect(0, 0, 100, 50);
        AssertRect(StampLayout.DisplayToUserSpace(Page(A4, 270), rect), StampLayout.DisplayToUserSpace(Page(A4, -90), rect));
        AssertRect(StampLayout.DisplayToUserSpace(Page(A4, 90), rect), StampLayout.DisplayToUserSpace(Page(A4, 450), rect));
        Assert.Throws<ArgumentException>(() => StampLayout.DisplayToUserSpace(Page(A4, 45), rect));
    }

    public static TheoryData<string, int, bool> DefaultPages => new()
    {
        { "A4", 0, false }, { "F4", 0, false }, { "Letter", 0, false }, { "Legal", 0, false },
        { "A4", 0, true }, { "F4", 0, true }, // landscape media boxes
        { "A4", 90, false }, { "A4", 180, false }, { "A4", 270, false }, { "F4", 90, false }, { "Letter", 270, true },
    };

    [Theory]
    [MemberData(nameof(DefaultPages))]
    public void The_default_stamp_sits_bottom_right_inside_the_page_as_displayed(string paper, int rotation, bool landscape)
    {
        var size = StampLayout.PaperSizes[paper];
        if (landscape)
            size = size.Landscape;
        var page = Page(size.Box, rotation);
        var (width, height) = StampRenderer.DefaultSize;

        var rect = StampLayout.DefaultDisplayRect(page, width, height);

        Assert.Equal(page.DisplayWidth - 36, rect.Right, Eps);
        Assert.Equal(36, rect.Bottom, Eps);
        Assert.Equal(width, rect.Width, Eps);
        Assert.Equal(height, rect.Height, Eps);
        Assert.True(StampLayout.DisplayBounds(page).Contains(rect, 0));
        Assert.True(page.VisibleBox.Contains(StampLayout.DisplayToUserSpace(page, rect), Eps));
        Assert.Equal(rect, StampLayout.ResolveDisplayRect(page, rect));
    }

    [Fact]
    public void The_default_stamp_respects_the_crop_box()
    {
        var page = Page(A4, 0, CroppedA4);
        var rect = StampLayout.DefaultDisplayRect(page, 260, 80);
        AssertRect(new PdfRect(495 - 36 - 260, 36, 495 - 36, 36 + 80), rect);
        AssertRect(new PdfRect(50 + 199, 60 + 36, 50 + 459, 60 + 116), StampLayout.DisplayToUserSpace(page, rect));
    }

    [Fact]
    public void On_a_page_too_small_for_the_stamp_the_default_shrinks_proportionally_to_fit()
    {
        var page = Page(new PdfRect(0, 0, 200, 300), 0);
        var rect = StampLayout.DefaultDisplayRect(page, 260, 80);
        Assert.Equal(128, rect.Width, Eps); // 200 − 2 × 36
        Assert.Equal(80 * 128 / 260.0, rect.Height, Eps);
        Assert.Equal(164, rect.Right, Eps);
    }

    [Fact]
    public void A_rect_inside_the_visible_page_is_accepted_as_is()
    {
        var page = Page(A4, 0);
        var rect = new PdfRect(300, 36, 560, 116);
        Assert.Equal(rect, StampLayout.ResolveDisplayRect(page, rect));
    }

    [Theory]
    [InlineData(400, 36, 660, 116)]     // past the right edge
    [InlineData(-10, 36, 250, 116)]     // left of the page
    [InlineData(300, -5, 560, 75)]      // below the page
    [InlineData(300, 800, 560, 880)]    // above the page
    [InlineData(700, 900, 900, 1000)]   // nowhere near it
    public void A_rect_leaving_the_visible_page_is_refused_as_stamp_outside_page(
        double left, double bottom, double right, double top)
    {
        var error = Assert.Throws<StampPlacementException>(() =>
            StampLayout.ResolveDisplayRect(Page(A4, 0), new PdfRect(left, bottom, right, top)));
        Assert.Equal(ErrorCodes.StampOutsidePage, error.Code);
        Assert.Contains("595.28 × 841.89", error.Message);
    }

    [Fact]
    public void A_rect_that_fits_portrait_but_not_the_displayed_landscape_page_is_refused()
    {
        // /Rotate 90 shows A4 as 841.89 wide × 595.28 high: y up to 680 is off the displayed page.
        var error = Assert.Throws<StampPlacementException>(() =>
            StampLayout.ResolveDisplayRect(Page(A4, 90), new PdfRect(36, 600, 296, 680)));
        Assert.Equal(ErrorCodes.StampOutsidePage, error.Code);
    }

    [Fact]
    public void A_rect_in_the_cropped_away_margin_is_outside_the_page()
    {
        // 500 is inside the media box width but beyond the crop box's displayed width of 495.
        var error = Assert.Throws<StampPlacementException>(() =>
            StampLayout.ResolveDisplayRect(Page(A4, 0, CroppedA4), new PdfRect(300, 36, 500, 116)));
        Assert.Equal(ErrorCodes.StampOutsidePage, error.Code);
    }

    [Fact]
    public void An_overshoot_within_the_tolerance_is_clamped_onto_the_page()
    {
        var rect = StampLayout.ResolveDisplayRect(Page(A4, 0), new PdfRect(335.5, -0.3, 595.6, 79.7));
        AssertRect(new PdfRect(335.5, 0, 595.28, 79.7), rect);
    }

    [Theory]
    [InlineData(100, 100, 100, 180)]
    [InlineData(100, 100, 360, 100)]
    [InlineData(double.NaN, 100, 360, 180)]
    public void A_rect_without_area_is_refused_as_stamp_outside_page(double left, double bottom, double right, double top)
    {
        var error = Assert.Throws<StampPlacementException>(() =>
            StampLayout.ResolveDisplayRect(Page(A4, 0), new PdfRect(left, bottom, right, top)));
        Assert.Equal(ErrorCodes.StampOutsidePage, error.Code);
    }

    [Fact]
    public void The_stamp_top_left_sits_on_the_anchor_top_left()
    {
        var marker = new PdfRect(100, 400, 106, 410); // a "#" glyph
        var rect = StampLayout.AnchorDisplayRect(Page(A4, 0), marker, 260, 80);
        AssertRect(new PdfRect(100, 330, 360, 410), rect);
    }

    [Fact]
    public void An_anchor_near_the_right_edge_shifts_the_stamp_left_onto_the_page_and_still_covers_the_marker()
    {
        var page = Page(A4, 0);
        var marker = new PdfRect(480, 400, 540, 410); // "${ttd_kadis}" near the right margin
        var rect = StampLayout.AnchorDisplayRect(page, marker, 260, 80);
        AssertRect(new PdfRect(595.28 - 260, 330, 595.28, 410), rect);
        Assert.True(rect.Contains(marker, 0));
    }

    [Fact]
    public void An_anchor_near_the_bottom_edge_shifts_the_stamp_up_onto_the_page()
    {
        var marker = new PdfRect(100, 20, 106, 30);
        var rect = StampLayout.AnchorDisplayRect(Page(A4, 0), marker, 260, 80);
        AssertRect(new PdfRect(100, 0, 360, 80), rect);
        Assert.True(rect.Contains(marker, 0));
    }

    [Fact]
    public void A_marker_larger_than_the_requested_stamp_grows_the_stamp_to_cover_it()
    {
        var marker = new PdfRect(100, 300, 400, 420);
        var rect = StampLayout.AnchorDisplayRect(Page(A4, 0), marker, 260, 80);
        AssertRect(marker, rect);
    }

    [Fact]
    public void On_a_rotated_page_the_anchor_top_left_is_taken_as_displayed()
    {
        // /Rotate 90: user (u, v) → display (v, 595.28 − u). The marker box user x∈[100,106], y∈[400,410]
        // shows at display x∈[400,410], y∈[489.28,495.28]; its displayed top-left is (400, 495.28).
        var page = Page(A4, 90);
        var rect = StampLayout.AnchorDisplayRect(page, new PdfRect(100, 400, 106, 410), 260, 80);
        AssertRect(new PdfRect(400, 415.28, 660, 495.28), rect, 1e-6);
        var user = StampLayout.DisplayToUserSpace(page, rect);
        Assert.True(user.Contains(new PdfRect(100, 400, 106, 410), 1e-6));
    }

    [Fact]
    public void An_anchor_in_the_cropped_away_margin_is_outside_the_page()
    {
        var error = Assert.Throws<StampPlacementException>(() =>
            StampLayout.AnchorDisplayRect(Page(A4, 0, CroppedA4), new PdfRect(10, 10, 20, 20), 260, 80));
        Assert.Equal(ErrorCodes.StampOutsidePage, error.Code);
    }

    [Fact]
    public void A_stamp_larger_than_the_page_cannot_be_anchored()
    {
        var error = Assert.Throws<StampPlacementException>(() =>
            StampLayout.AnchorDisplayRect(Page(new PdfRect(0, 0, 200, 100), 0), new PdfRect(10, 10, 20, 20), 260, 80));
        Assert.Equal(ErrorCodes.StampOutsidePage, error.Code);
    }

    [Fact]
    public void Placing_an_anchor_the_text_search_did_not_find_reports_anchor_not_found()
    {
        var error = Assert.Throws<StampPlacementException>(() =>
            StampLayout.Place(Page(A4, 0), new StampPlacement.AtAnchor("${ttd_kadis}"), anchorUserBounds: null));
        Assert.Equal(ErrorCodes.AnchorNotFound, error.Code);
        Assert.Contains("${ttd_kadis}", error.Message);
    }

    [Fact]
    public void Placement_records_resolve_through_the_matching_rule_with_the_default_size()
    {
        var page = Page(A4, 0);
        Assert.Equal(StampLayout.DefaultDisplayRect(page, 260, 80), StampLayout.Place(page, new StampPlacement.Default()));
        Assert.Equal(new PdfRect(100, 330, 360, 410),
            StampLayout.Place(page, new StampPlacement.AtAnchor("#"), new PdfRect(100, 400, 106, 410)));
        Assert.Equal(new PdfRect(36, 36, 136, 86),
            StampLayout.Place(page, new StampPlacement.OnPage(1, new PdfRect(36, 36, 136, 86))));
    }

    [Fact]
    public void Paper_sizes_are_the_standard_ones_in_points_and_F4_is_215_by_330_mm()
    {
        static double Mm(double mm) => mm * 72 / 25.4;
        Assert.Equal(Mm(215), StampLayout.PaperSizes["F4"].Width, 0.01);
        Assert.Equal(Mm(330), StampLayout.PaperSizes["F4"].Height, 0.01);
        Assert.Equal(Mm(210), StampLayout.PaperSizes["A4"].Width, 0.01);
        Assert.Equal(Mm(297), StampLayout.PaperSizes["A4"].Height, 0.01);
        Assert.Equal(new PageSizeInfo("Letter", 612, 792), StampLayout.PaperSizes["letter"]);
        Assert.Equal(new PageSizeInfo("Legal", 612, 1008), StampLayout.PaperSizes["Legal"]);
    }
}
