using TestSupport;
using System.Globalization;
using System.Text.RegularExpressions;
using Signing.Abstractions;

namespace Signing.Pdf.Tests;

public sealed partial class PageGeometryTests
{
    [Theory]
    [MemberData(nameof(Fixtures.RealWorld), MemberType = typeof(Fixtures))]
    public void Every_page_box_and_rotation_agrees_with_pdfinfo(string fixture)
    {
        var path = Path.Combine(Fixtures.RealWorldDirectory, fixture);
        using var stream = File.OpenRead(path);
        using var source = PdfDocumentSource.Open(stream);
        var info = ExternalTool.Run("pdfinfo", "-box", "-f", "1", "-l", source.PageCount.ToString(CultureInfo.InvariantCulture), path);
        Assert.Equal(0, info.ExitCode);

        for (var number = 1; number <= source.PageCount; number++)
        {
            var page = source.GetPage(number);
            Assert.Equal(number, page.PageNumber);
            AssertBox(info.StdOut, number, "MediaBox", page.MediaBox);
            AssertBox(info.StdOut, number, "CropBox", page.CropBox);
            var rotation = Regex.Match(info.StdOut, $@"Page\s+{number} rot:\s+(\d+)");
            Assert.Equal(int.Parse(rotation.Groups[1].Value, CultureInfo.InvariantCulture), page.Rotation);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(2)]
    public void A_page_that_does_not_exist_is_out_of_range(int pageNumber)
    {
        using var stream = new MemoryStream(TestPdfBuilder.OnePage().Build(), writable: false);
        using var source = PdfDocumentSource.Open(stream);

        var error = Assert.Throws<PdfFormatException>(() => source.GetPage(pageNumber));

        Assert.Equal(ErrorCodes.PdfPageOutOfRange, error.Code);
    }

    [Fact]
    public void Boxes_and_rotation_inherited_from_the_page_tree_are_resolved()
    {
        var pdf = TestPdfBuilder.OnePage()
            .Object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 842 595] /Rotate -90 >>")
            .Object(3, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /CropBox [10 10 832 585] >>");
        using var stream = new MemoryStream(pdf.Build(), writable: false);
        using var source = PdfDocumentSource.Open(stream);

        var page = source.GetPage(1);

        Assert.Equal(new PdfRect(0, 0, 842, 595), page.MediaBox);
        Assert.Equal(new PdfRect(10, 10, 832, 585), page.CropBox);
        Assert.Equal(270, page.Rotation);
    }

    private static void AssertBox(string pdfinfo, int page, string box, PdfRect actual)
    {
        var match = Regex.Match(pdfinfo, $@"Page\s+{page} {box}:\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)");
        Assert.True(match.Success, $"pdfinfo printed no {box} for page {page}");
        var expected = Enumerable.Range(1, 4).Select(i => double.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expected[0], actual.Left, 1);
        Assert.Equal(expected[1], actual.Bottom, 1);
        Assert.Equal(expected[2], actual.Right, 1);
        Assert.Equal(expected[3], actual.Top, 1);
    }
}
