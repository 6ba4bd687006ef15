using System.Text;
using System.Text.RegularExpressions;
using Signing.Abstractions;
using UglyToad.PdfPig.Tokens;

namespace Signing.Pdf.Tests;

/// <summary>The incremental writer's contract: numbering, /Prev, /ID, xref kind, and what gets rewritten.</summary>
public sealed class UpdateLayoutTests
{
    [Fact]
    public void Preparing_twice_gives_identical_bytes()
    {
        var original = Fixtures.ReadRealWorld("asymptote-refcard.pdf");

        var first = TestSigning.Prepare(original, source => TestSigning.Visible("S", source.GetPage(2)));
        var second = TestSigning.Prepare(original, source => TestSigning.Visible("S", source.GetPage(2)));

        Assert.Equal(first.UpdateBytes, second.UpdateBytes);
        Assert.Equal(first.ByteRange, second.ByteRange);
    }

    [Theory]
    [InlineData("asymptote-refcard.pdf", true)]
    [InlineData("derived-rotate90-lualatex.pdf", true)]
    [InlineData("cups-default.pdf", false)]
    [InlineData("word-dejavu-math-linearized.pdf", false)]
    public void The_update_ends_with_the_same_kind_of_cross_reference_section_as_the_original(string fixture, bool expectStream)
    {
        var update = Text(TestSigning.Prepare(Fixtures.ReadRealWorld(fixture), _ => TestSigning.Invisible("S")).UpdateBytes);

        Assert.Equal(expectStream, update.Contains("/Type /XRef", StringComparison.Ordinal));
        Assert.Equal(!expectStream, Regex.IsMatch(update, @"\nxref\n(\d+ \d+\n(\d{10} \d{5} n\r\n)+)+trailer\n"));
        Assert.EndsWith("%%EOF\n", update, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hybrid_reference_file_gets_a_cross_reference_stream_and_stays_valid()
    {
        var pdf = TestPdfBuilder.OnePage();
        pdf.Hybrid = true;
        var original = pdf.Build();

        var (output, prepared) = TestSigning.Sign(original, _ => TestSigning.Invisible("S"));

        Assert.Contains("/Type /XRef", Text(prepared.UpdateBytes), StringComparison.Ordinal);
        SignedOutputChecks.AssertSigned(original, output, prepared, "S");
    }

    [Fact]
    public void Prev_is_the_last_startxref_of_the_file_not_the_oldest_section()
    {
        // The linearized file's last startxref (146) names its first-page section, whose /Prev is 22724.
        var update = Text(TestSigning.Prepare(Fixtures.ReadRealWorld("word-dejavu-math-linearized.pdf"), _ => TestSigning.Invisible("S")).UpdateBytes);

        Assert.Contains("/Prev 146 ", update, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("asymptote-refcard.pdf")]
    [InlineData("cups-default.pdf")]
    public void New_objects_are_numbered_from_the_old_size_and_the_first_id_is_kept(string fixture)
    {
        var original = Fixtures.ReadRealWorld(fixture);
        var (output, _) = TestSigning.Sign(original, _ => TestSigning.Invisible("S"));
        using var before = PdfDocumentSource.Open(new MemoryStream(original, writable: false));
        using var after = PdfDocumentSource.Open(new MemoryStream(output, writable: false));

        var update = Text(output[original.Length..]);
        Assert.StartsWith($"{before.NextObjectNumber} 0 obj", update.TrimStart('\n'), StringComparison.Ordinal);
        Assert.True(after.NextObjectNumber > before.NextObjectNumber);
        // Without an original /ID both halves are created (16 bytes each, derived, not random).
        Assert.Equal(before.FirstId ?? after.FirstId, after.FirstId);
        Assert.Equal(before.FirstId?.Length ?? 16, after.FirstId!.Length);
    }

    [Fact]
    public void An_existing_form_keeps_its_fields_and_settings_and_gains_sigflags_3()
    {
        var original = Fixtures.ReadRealWorld("cups-form-english.pdf");
        using var before = PdfDocumentSource.Open(new MemoryStream(original, writable: false));
        var formBefore = before.Objects.Get<DictionaryToken>(before.Catalog, "AcroForm")!;

        var (output, _) = TestSigning.Sign(original, _ => TestSigning.Invisible("Signature1"));

        using var after = PdfDocumentSource.Open(new MemoryStream(output, writable: false));
        var formAfter = after.Objects.Get<DictionaryToken>(after.Catalog, "AcroForm")!;
        Assert.Superset(before.FieldNames.ToHashSet(), after.FieldNames.ToHashSet());
        Assert.Contains("Signature1", after.FieldNames);
        Assert.Equal(3, after.Objects.GetNumber(formAfter, "SigFlags"));
        foreach (var key in formBefore.Data.Keys.Where(k => k is not ("Fields" or "SigFlags")))
        {
            Assert.Equal(formBefore.Data[key], formAfter.Data[key]);
        }
    }

    [Fact]
    public void An_indirect_annots_array_is_rewritten_instead_of_the_page()
    {
        var original = TestPdfBuilder.OnePage(pageExtra: "/Annots 6 0 R ")
            .Object(6, "[7 0 R]")
            .Object(7, "<< /Type /Annot /Subtype /Text /Rect [10 10 20 20] /Contents (note) >>")
            .Build();

        var (output, prepared) = TestSigning.Sign(original, _ => TestSigning.Invisible("S"));

        var update = Text(prepared.UpdateBytes);
        Assert.Matches(@"\n6 0 obj\n\[ ?7 0 R \d+ 0 R ?\]", update);
        Assert.DoesNotContain("\n3 0 obj", update, StringComparison.Ordinal);
        SignedOutputChecks.AssertSigned(original, output, prepared, "S");
    }

    [Fact]
    public void An_indirect_acroform_is_updated_in_place_and_the_catalog_is_left_alone()
    {
        var original = TestPdfBuilder.OnePage(catalogExtra: "/AcroForm 6 0 R ")
            .Object(6, "<< /Fields [] /DA (/Helv 0 Tf 0 g) /NeedAppearances true >>")
            .Build();

        var (output, prepared) = TestSigning.Sign(original, _ => TestSigning.Invisible("S"));

        var update = Text(prepared.UpdateBytes);
        Assert.Matches(@"\n6 0 obj\n<</Fields \[ ?\d+ 0 R ?\] ?/DA \(/Helv 0 Tf 0 g\) ?/NeedAppearances true ?/SigFlags 3 ?>>", update);
        Assert.DoesNotContain("\n1 0 obj", update, StringComparison.Ordinal);
        SignedOutputChecks.AssertSigned(original, output, prepared, "S");
    }

    [Fact]
    public void An_original_that_does_not_end_with_a_newline_gets_one_before_the_update()
    {
        var original = TestPdfBuilder.OnePage().Build()[..^1];

        var (output, prepared) = TestSigning.Sign(original, _ => TestSigning.Invisible("S"));

        Assert.Equal((byte)'\n', prepared.UpdateBytes[0]);
        SignedOutputChecks.AssertSigned(original, output, prepared, "S");
    }

    [Fact]
    public void Text_with_parentheses_backslashes_and_non_latin_letters_survives_the_round_trip()
    {
        var values = TestSigning.Values() with { Name = "Сергей (QA) \\ 王", Location = "Jl. Merdeka (Barat)\r\nJakarta" };
        var (output, _) = TestSigning.Sign(TestPdfBuilder.OnePage().Build(), _ => new SignatureUpdateRequest("Tanda_tangan_é", null, values));

        using var source = PdfDocumentSource.Open(new MemoryStream(output, writable: false));
        var signature = Assert.Single(source.ReadSignatures());
        Assert.Equal("Tanda_tangan_é", signature.FieldName);
        Assert.Equal(values.Name, signature.Name);
        Assert.Equal(values.Location, signature.Location);
    }

    [Fact]
    public void Strings_in_a_rewritten_catalog_keep_their_exact_bytes()
    {
        // The catalog is rewritten (its /AcroForm is direct); PdfPig 0.1.16's own string writer would leave the
        // parentheses inside the UTF-16 string unescaped.
        var original = TestPdfBuilder.OnePage(catalogExtra: @"/Escaped (a\(b\)c\\) /Utf16 <FEFF04280028> /Binary (\200\377\r) ")
            .Build();

        var (output, prepared) = TestSigning.Sign(original, _ => TestSigning.Invisible("S"));

        Assert.Contains("\n1 0 obj\n", Text(prepared.UpdateBytes), StringComparison.Ordinal);
        using var before = PdfDocumentSource.Open(new MemoryStream(original, writable: false));
        using var after = PdfDocumentSource.Open(new MemoryStream(output, writable: false));
        foreach (var key in new[] { "Escaped", "Utf16", "Binary" })
        {
            Assert.Equal(Bytes(before.Catalog.Data[key]), Bytes(after.Catalog.Data[key]));
        }

        Assert.Equal("a(b)c\\", before.Objects.GetText(after.Catalog, "Escaped"));
        Assert.Equal("Ш(", before.Objects.GetText(after.Catalog, "Utf16"));
        SignedOutputChecks.AssertSigned(original, output, prepared, "S");
    }

    private static byte[] Bytes(IToken token) => token switch
    {
        StringToken text => text.GetBytes(),
        HexToken hex => hex.Bytes.ToArray(),
        _ => throw new InvalidOperationException($"{token} is not a string"),
    };

    [Fact]
    public void A_document_timestamp_is_written_with_its_own_type_and_subfilter()
    {
        var values = new SignatureDictionaryValues { Type = "DocTimeStamp", SubFilter = "ETSI.RFC3161", ContentsCapacity = 2048 };
        var (output, _) = TestSigning.Sign(TestPdfBuilder.OnePage().Build(), _ => new SignatureUpdateRequest("Timestamp1", null, values));

        using var source = PdfDocumentSource.Open(new MemoryStream(output, writable: false));
        var signature = Assert.Single(source.ReadSignatures());
        Assert.Equal("DocTimeStamp", signature.Type);
        Assert.Equal("ETSI.RFC3161", signature.SubFilter);
        Assert.Null(signature.SigningTime);
    }

    [Theory]
    [InlineData("cups-default.pdf", "[1 0 0 1 0 0 ]")]
    [InlineData("derived-rotate90-lualatex.pdf", "[0 1 -1 0 60 0 ]")]
    [InlineData("derived-rotate180-cups-testpage.pdf", "[-1 0 0 -1 200 60 ]")]
    [InlineData("derived-rotate270-word-termes.pdf", "[0 -1 1 0 0 200 ]")]
    public void The_appearance_matrix_turns_the_stamp_against_the_page_rotation(string fixture, string matrix)
    {
        var update = Text(TestSigning.Prepare(Fixtures.ReadRealWorld(fixture), source => TestSigning.Visible("S", source.GetPage(1))).UpdateBytes);

        Assert.Contains($"/Matrix {matrix}", update.Replace("[ ", "[", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("/BBox [0 0 200 60 ]", update.Replace("[ ", "[", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Matches(@"/BaseFont /Helvetica /Encoding /WinAnsiEncoding", update);
    }

    private static string Text(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}
