using System.Diagnostics;
using Signing.Abstractions;

namespace Signing.Pdf.Tests;

public sealed class BadInputTests
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("encrypted-forensics-peanuts.pdf", ErrorCodes.PdfEncrypted)]
    [InlineData("damaged-xref-clamav.pdf", ErrorCodes.PdfMalformed)]
    [InlineData("truncated-afl-small.pdf", ErrorCodes.PdfMalformed)]
    public void Each_bad_fixture_is_refused_with_its_code(string fixture, string expectedCode)
    {
        var error = TimedOpenFails(Fixtures.ReadBad(fixture));

        Assert.Equal(expectedCode, error.Code);
    }

    [Fact]
    public void Zero_bytes_are_an_empty_pdf() => Assert.Equal(ErrorCodes.PdfEmpty, TimedOpenFails([]).Code);

    [Fact]
    public void Text_that_is_not_a_pdf_is_refused_as_not_a_pdf() =>
        Assert.Equal(ErrorCodes.PdfNotAPdf, TimedOpenFails("hello"u8.ToArray()).Code);

    [Fact]
    public void The_first_half_of_a_real_file_is_malformed()
    {
        var whole = Fixtures.ReadRealWorld("cups-testpage.pdf");

        Assert.Equal(ErrorCodes.PdfMalformed, TimedOpenFails(whole[..(whole.Length / 2)]).Code);
    }

    [Fact]
    public void The_second_half_of_a_real_file_is_not_a_pdf()
    {
        var whole = Fixtures.ReadRealWorld("cups-testpage.pdf");

        Assert.Equal(ErrorCodes.PdfNotAPdf, TimedOpenFails(whole[(whole.Length / 2)..]).Code);
    }

    [Fact]
    public void A_prev_chain_that_loops_back_to_itself_is_malformed()
    {
        var pdf = TestPdfBuilder.OnePage();
        pdf.PrevPointsAtItself = true;

        var error = TimedOpenFails(pdf.Build());

        Assert.Equal(ErrorCodes.PdfMalformed, error.Code);
        Assert.Contains("loops", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_startxref_a_few_bytes_off_is_malformed_even_though_pdfpig_could_repair_it()
    {
        var pdf = TestPdfBuilder.OnePage();
        pdf.StartXrefError = 5;

        Assert.Equal(ErrorCodes.PdfMalformed, TimedOpenFails(pdf.Build()).Code);
    }

    [Theory]
    [InlineData("<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>")]
    [InlineData("<< /Type /Pages /Kids [6 0 R] /Count 1 >>")]
    public void A_page_tree_with_a_cycle_is_malformed(string pagesRoot)
    {
        var pdf = TestPdfBuilder.OnePage()
            .Object(2, pagesRoot)
            .Object(6, "<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>");

        Assert.Equal(ErrorCodes.PdfMalformed, TimedOpenFails(pdf.Build()).Code);
    }

    [Fact]
    public void A_page_tree_deeper_than_the_limit_is_refused_before_any_recursion_can_overflow()
    {
        const int depth = 5000;
        var pdf = TestPdfBuilder.OnePage().Object(2, $"<< /Type /Pages /Kids [{10} 0 R] /Count 1 >>");
        for (var level = 0; level < depth; level++)
        {
            var number = 10 + level;
            var kid = level == depth - 1 ? 3 : number + 1;
            var parent = level == 0 ? 2 : number - 1;
            pdf.Object(number, $"<< /Type /Pages /Parent {parent} 0 R /Kids [{kid} 0 R] /Count 1 >>");
        }

        pdf.Object(3, $"<< /Type /Page /Parent {10 + depth - 1} 0 R /MediaBox [0 0 300 400] /Contents 4 0 R >>");

        var error = TimedOpenFails(pdf.Build());

        Assert.Equal(ErrorCodes.PdfTooComplex, error.Code);
    }

    // In a page dictionary PdfPig reports its own depth guard as "could not find the page" (malformed).
    [Theory]
    [InlineData("catalog", ErrorCodes.PdfTooComplex)]
    [InlineData("trailer", ErrorCodes.PdfTooComplex)]
    [InlineData("page", ErrorCodes.PdfMalformed)]
    public void A_hundred_thousand_nested_arrays_are_refused_without_a_stack_overflow(string where, string expectedCode)
    {
        var nested = new string('[', 100_000) + new string(']', 100_000);
        var pdf = where switch
        {
            "catalog" => TestPdfBuilder.OnePage(catalogExtra: $"/Deep {nested} "),
            "page" => TestPdfBuilder.OnePage(pageExtra: $"/Deep {nested} "),
            _ => TestPdfBuilder.OnePage(),
        };
        if (where == "trailer")
        {
            pdf.TrailerExtra = $"/Deep {nested} ";
        }

        var error = TimedOpenFails(pdf.Build());

        Assert.Equal(expectedCode, error.Code);
    }

    [Fact]
    public void Nested_arrays_in_an_object_nobody_reads_do_not_stop_signing()
    {
        var nested = new string('[', 100_000) + new string(']', 100_000);
        var original = TestPdfBuilder.OnePage().Object(6, nested).Build();

        var (output, prepared) = TestSigning.Sign(original, _ => TestSigning.Invisible("Signature1"));

        SignedOutputChecks.AssertSigned(original, output, prepared, "Signature1");
    }

    [Fact]
    public void Nested_arrays_in_page_content_make_text_search_too_complex()
    {
        var nested = new string('[', 100_000) + new string(']', 100_000);
        var pdf = TestPdfBuilder.OnePage(content: nested);
        using var stream = new MemoryStream(pdf.Build(), writable: false);
        using var source = PdfDocumentSource.Open(stream);

        var error = Assert.Throws<PdfFormatException>(() => source.FindText("x"));

        Assert.Equal(ErrorCodes.PdfTooComplex, error.Code);
    }

    [Fact]
    public void A_flate_bomb_as_page_content_makes_text_search_fail_fast_instead_of_inflating_a_gigabyte()
    {
        var bomb = TestPdfBuilder.DeflatedZeros(1L << 30);
        var pdf = TestPdfBuilder.OnePage();
        pdf.Stream(4, bomb, "/Filter /FlateDecode ");
        using var stream = new MemoryStream(pdf.Build(), writable: false);
        using var source = PdfDocumentSource.Open(stream);
        var memoryBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<PdfFormatException>(() => source.FindText("${anchor}"));

        Assert.Equal(ErrorCodes.PdfTooComplex, error.Code);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, Quickly);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - memoryBefore, 0, 64L << 20);
    }

    [Fact]
    public void A_wrong_stream_length_is_survived_the_way_pdfpig_recovers_it()
    {
        var pdf = TestPdfBuilder.OnePage();
        pdf.Object(4, "<< /Length 9999 >>\nstream\nBT /F1 20 Tf 150 200 Td (Hello ${anchor} #) Tj ET\nendstream");
        using var stream = new MemoryStream(pdf.Build(), writable: false);
        var clock = Stopwatch.StartNew();

        try
        {
            using var source = PdfDocumentSource.Open(stream);
            Assert.Single(source.FindText("${anchor}"));
        }
        catch (PdfFormatException error)
        {
            Assert.Equal(ErrorCodes.PdfMalformed, error.Code);
        }

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, Quickly);
    }

    [Fact]
    public void A_file_above_the_size_limit_is_too_complex() =>
        Assert.Equal(ErrorCodes.PdfTooComplex,
            TestSigning.OpenFails(TestPdfBuilder.OnePage().Build(), new PdfReadLimits { MaxFileBytes = 100 }).Code);

    [Fact]
    public void More_pages_than_the_limit_are_too_complex() =>
        Assert.Equal(ErrorCodes.PdfTooComplex,
            TestSigning.OpenFails(Fixtures.ReadRealWorld("r-faq.pdf"), new PdfReadLimits { MaxPages = 10 }).Code);

    [Fact]
    public void An_encrypt_entry_in_the_trailer_is_refused_as_encrypted()
    {
        var pdf = TestPdfBuilder.OnePage()
            .Object(6, "<< /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>");
        pdf.TrailerExtra = "/Encrypt 6 0 R /ID [<0102> <0102>] ";

        Assert.Equal(ErrorCodes.PdfEncrypted, TimedOpenFails(pdf.Build()).Code);
    }

    private static PdfFormatException TimedOpenFails(byte[] bytes)
    {
        var clock = Stopwatch.StartNew();
        var error = TestSigning.OpenFails(bytes);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, Quickly);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error;
    }
}
