using Signing.Stamps.Text;

namespace Signing.Stamps.Tests;

public class TextMetricsTests
{
    [Theory]
    [InlineData('W', false, 944)]
    [InlineData('i', false, 222)]
    [InlineData(' ', false, 278)]
    [InlineData('(', false, 333)]
    [InlineData('m', true, 889)]
    [InlineData('i', true, 278)]
    [InlineData('\u2026', false, 1000)] // ellipsis, WinAnsi 0x85
    [InlineData('\u00e9', false, 556)]  // eacute, 0xE9
    [InlineData('\u20ac', true, 556)]     // Euro, 0x80
    [InlineData('\u00d7', true, 584)]     // multiply, 0xD7
    public void Widths_are_the_Adobe_AFM_advance_widths_by_WinAnsi_code(char c, bool bold, int expected) =>
        Assert.Equal(expected, HelveticaMetrics.Width(WinAnsi.ToCode(c), bold ? StampFont.Bold : StampFont.Regular));

    [Fact]
    public void A_line_box_holds_the_whole_font_bounding_box()
    {
        Assert.True(TextFitter.BaselineFromBottom + HelveticaMetrics.BBoxBottom / 1000 >= 0);
        Assert.True(TextFitter.BaselineFromBottom + HelveticaMetrics.BBoxTop / 1000 <= TextFitter.LineFactor);
    }

    [Fact]
    public void A_string_measures_as_the_sum_of_its_glyph_widths_times_the_size()
    {
        // H 722 + e 556 + l 222 + l 222 + o 556 = 2278 units → 22.78 pt at 10 pt.
        Assert.Equal(22.78, HelveticaMetrics.Measure("Hello", StampFont.Regular, 10), 1e-9);
    }

    [Fact]
    public void Cleaning_collapses_whitespace_composes_accents_and_replaces_what_WinAnsi_lacks()
    {
        Assert.Equal("Kepala Dinas", WinAnsi.Clean("  Kepala\t\n  Dinas \r\n"));
        Assert.Equal("Sébastien", WinAnsi.Clean("Se\u0301bastien"));
        Assert.Equal("Plh.\u00a0Kepala", WinAnsi.Clean("Plh.\u00a0Ke\u00adpala")); // NBSP kept, soft hyphen dropped
        Assert.Equal("? ? ?", WinAnsi.Clean("\U0001F600 \u4f8b \u0007"));
        Assert.Equal("", WinAnsi.Clean(null));
    }

    [Fact]
    public void Wrapping_breaks_at_spaces_and_no_line_is_wider_than_the_column()
    {
        const string text = "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik";
        var lines = TextFitter.Wrap(text, StampFont.Regular, 6, 80);
        Assert.True(lines.Count > 1);
        Assert.Equal(text, string.Join(" ", lines));
        Assert.All(lines, l => Assert.True(HelveticaMetrics.Measure(l, StampFont.Regular, 6) <= 80));
    }

    [Fact]
    public void A_word_longer_than_the_column_is_broken_between_characters()
    {
        const string url = "ttd.malangkota.go.id/v/7qzk3m5xw2r4t6yb8n9pdfghjc";
        var lines = TextFitter.Wrap(url, StampFont.Regular, 6, 50);
        Assert.True(lines.Count > 1);
        Assert.Equal(url, string.Concat(lines));
        Assert.All(lines, l => Assert.True(HelveticaMetrics.Measure(l, StampFont.Regular, 6) <= 50));
    }

    [Fact]
    public void An_ellipsis_line_is_cut_short_enough_to_fit_with_its_ellipsis()
    {
        var line = TextFitter.WithEllipsis("Kepala Dinas Penanaman Modal", StampFont.Bold, 8, 60);
        Assert.EndsWith("\u2026", line);
        Assert.StartsWith("Kepala", line);
        Assert.True(HelveticaMetrics.Measure(line, StampFont.Bold, 8) <= 60);
    }

    [Fact]
    public void Fitting_shrinks_all_text_by_one_factor_before_truncating_anything()
    {
        TextBlock[] blocks =
        [
            new("Ditandatangani secara elektronik oleh", StampFont.Regular, 6, 2, 2, 1),
            new("Raden Mas Haryo Bambang Soetjipto", StampFont.Bold, 10, 5, 1, 9),
        ];
        var fitted = TextFitter.Fit(blocks, 120, 40);
        Assert.True(fitted.Scale < 1);
        Assert.Equal("Raden Mas Haryo Bambang Soetjipto", Assert.Single(fitted.Blocks[1].Lines));
        Assert.Equal(10 * fitted.Scale, fitted.Blocks[1].Size, 0.001);
        Assert.Equal(6 * fitted.Scale, fitted.Blocks[0].Size, 0.001);
        Assert.True(fitted.Height <= 40);
    }

    [Fact]
    public void When_even_the_minimum_sizes_overflow_the_least_important_lines_go_first()
    {
        TextBlock[] blocks =
        [
            new("Penting sekali", StampFont.Bold, 8, 8, 1, 9),
            new("kurang penting " + string.Join(" ", Enumerable.Repeat("kata", 60)), StampFont.Regular, 6, 6, 4, 1),
        ];
        var fitted = TextFitter.Fit(blocks, 100, 8 * TextFitter.LineFactor + 2 * 6 * TextFitter.LineFactor + 0.001);
        Assert.Equal("Penting sekali", Assert.Single(fitted.Blocks[0].Lines));
        Assert.Equal(2, fitted.Blocks[1].Lines.Count);
        Assert.EndsWith("\u2026", fitted.Blocks[1].Lines[^1]);
    }
}
