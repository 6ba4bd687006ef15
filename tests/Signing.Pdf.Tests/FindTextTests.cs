using TestSupport;
using System.Globalization;
using System.Text.RegularExpressions;
using Signing.Abstractions;

namespace Signing.Pdf.Tests;

public sealed partial class FindTextTests
{
    [Theory]
    [InlineData("INFORMATION")]
    [InlineData("Printer")]
    [InlineData("Task")]
    public void Matches_agree_with_the_words_pdftotext_finds_within_two_points(string word)
    {
        const string fixture = "cups-form-english.pdf";
        using var stream = new MemoryStream(Fixtures.ReadRealWorld(fixture), writable: false);
        using var source = PdfDocumentSource.Open(stream);
        var pageHeight = source.GetPage(1).MediaBox.Top;
        var words = PdftotextWordsStartingWith(Path.Combine(Fixtures.RealWorldDirectory, fixture), word);

        var matches = source.FindText(word);

        Assert.NotEmpty(matches);
        Assert.Equal(words.Count, matches.Count);
        Assert.All(matches, match =>
        {
            Assert.Equal(1, match.PageNumber);
            // pdftotext boxes are top-down and span the font's ascent and descent; ours are the glyph boxes.
            // A word longer than the needle ("Task's") only shares its left edge with the match.
            Assert.Contains(words, w =>
                Math.Abs(w.XMin - match.Bounds.Left) <= 2 &&
                (w.Text != word || Math.Abs(w.XMax - match.Bounds.Right) <= 2) &&
                match.Bounds.Bottom >= pageHeight - w.YMax - 2 && match.Bounds.Top <= pageHeight - w.YMin + 2);
        });
    }

    [Fact]
    public void A_missing_anchor_gives_no_matches()
    {
        using var stream = new MemoryStream(Fixtures.ReadRealWorld("cups-form-english.pdf"), writable: false);
        using var source = PdfDocumentSource.Open(stream);

        Assert.Empty(source.FindText("${ttd_kadis}"));
    }

    [Fact]
    public void Anchor_bounds_are_in_default_user_space_whatever_the_rotation_and_crop_box()
    {
        var bounds = new[] { 0, 90, 180, 270 }.Select(rotate =>
        {
            var pdf = TestPdfBuilder.OnePage(pageExtra: $"/MediaBox [100 50 400 500] /CropBox [120 60 390 480] /Rotate {rotate} ");
            using var stream = new MemoryStream(pdf.Build(), writable: false);
            using var source = PdfDocumentSource.Open(stream);
            Assert.Equal(rotate, source.GetPage(1).Rotation);
            return Assert.Single(source.FindText("${anchor}")).Bounds;
        }).ToList();

        // The text is drawn at (150, 200) in Helvetica 20: "Hello " is 51.12 pt wide, '$' descends below the baseline.
        var upright = bounds[0];
        Assert.InRange(upright.Left, 201.1, 203.5);
        Assert.InRange(upright.Bottom, 196, 200);
        Assert.InRange(upright.Top, 212, 220);
        Assert.All(bounds, b =>
        {
            Assert.Equal(upright.Left, b.Left, 2);
            Assert.Equal(upright.Bottom, b.Bottom, 2);
            Assert.Equal(upright.Right, b.Right, 2);
            Assert.Equal(upright.Top, b.Top, 2);
        });
    }

    [Fact]
    public void A_single_character_anchor_is_found_after_the_longer_one()
    {
        using var stream = new MemoryStream(TestPdfBuilder.OnePage().Build(), writable: false);
        using var source = PdfDocumentSource.Open(stream);

        var hash = Assert.Single(source.FindText("#"));
        var anchor = Assert.Single(source.FindText("${anchor}"));

        Assert.True(hash.Bounds.Left > anchor.Bounds.Right, $"{hash.Bounds} should follow {anchor.Bounds}");
    }

    [Fact]
    public void Every_occurrence_on_every_page_is_reported()
    {
        var pdf = TestPdfBuilder.OnePage(content: "BT /F1 12 Tf 20 300 Td (# one) Tj 0 -100 Td (# two #) Tj ET");
        using var stream = new MemoryStream(pdf.Build(), writable: false);
        using var source = PdfDocumentSource.Open(stream);

        var matches = source.FindText("#");

        Assert.Equal(3, matches.Count);
        Assert.Equal(2, matches.Count(m => m.Bounds.Bottom < 250));
    }

    private sealed record Word(string Text, double XMin, double YMin, double XMax, double YMax);

    private static List<Word> PdftotextWordsStartingWith(string path, string text)
    {
        var result = ExternalTool.Run("pdftotext", "-bbox", "-f", "1", "-l", "1", path, "-");
        Assert.Equal(0, result.ExitCode);
        return WordPattern().Matches(result.StdOut)
            .Where(m => m.Groups["text"].Value.StartsWith(text, StringComparison.Ordinal))
            .Select(m => new Word(m.Groups["text"].Value, Number(m, "xMin"), Number(m, "yMin"), Number(m, "xMax"), Number(m, "yMax")))
            .ToList();
    }

    private static double Number(Match match, string group) => double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex("""<word xMin="(?<xMin>[\d.]+)" yMin="(?<yMin>[\d.]+)" xMax="(?<xMax>[\d.]+)" yMax="(?<yMax>[\d.]+)">(?<text>[^<]*)</word>""")]
    private static partial Regex WordPattern();
}
