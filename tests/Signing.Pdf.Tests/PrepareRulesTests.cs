using Signing.Abstractions;

namespace Signing.Pdf.Tests;

public sealed class PrepareRulesTests
{
    [Fact]
    public void A_field_name_already_used_by_a_signature_is_refused()
    {
        var (signed, _) = TestSigning.Sign(TestPdfBuilder.OnePage().Build(), _ => TestSigning.Invisible("Signature1"));

        var error = Assert.Throws<PdfFormatException>(() => TestSigning.Sign(signed, _ => TestSigning.Invisible("Signature1")));

        Assert.Equal(ErrorCodes.PdfFieldExists, error.Code);
    }

    [Fact]
    public void A_field_name_already_used_by_a_form_field_is_refused()
    {
        var original = Fixtures.ReadRealWorld("cups-form-english.pdf");
        using var stream = new MemoryStream(original, writable: false);
        using var source = PdfDocumentSource.Open(stream);
        var taken = source.FieldNames.First(name => !name.Contains('.', StringComparison.Ordinal) && name.Length > 0);

        var error = Assert.Throws<PdfFormatException>(() => PdfSignatureAppender.Prepare(source, stream, TestSigning.Invisible(taken)));

        Assert.Equal(ErrorCodes.PdfFieldExists, error.Code);
    }

    [Fact]
    public void A_stamp_over_an_existing_signature_widget_is_refused_but_one_beside_it_is_not()
    {
        var first = new SignatureWidget(1, PdfRect.FromSize(20, 20, 100, 40), TestSigning.Appearance());
        var (signed, _) = TestSigning.Sign(TestPdfBuilder.OnePage().Build(), _ => new SignatureUpdateRequest("A", first, TestSigning.Values()));

        var overlapping = first with { Rect = PdfRect.FromSize(100, 50, 100, 40) };
        var error = Assert.Throws<StampPlacementException>(() =>
            TestSigning.Sign(signed, _ => new SignatureUpdateRequest("B", overlapping, TestSigning.Values())));
        Assert.Equal(ErrorCodes.StampOverlapsSignature, error.Code);

        var beside = first with { Rect = PdfRect.FromSize(120, 20, 100, 40) };
        var (output, prepared) = TestSigning.Sign(signed, _ => new SignatureUpdateRequest("B", beside, TestSigning.Values()));
        SignedOutputChecks.AssertSigned(signed, output, prepared, "B");
    }

    [Theory]
    [InlineData("/P 1 ", 1)]
    [InlineData("/P 2 ", 2)]
    [InlineData("/P 3 ", 3)]
    [InlineData("", 2)]
    public void The_docmdp_permission_is_read_from_the_certification_signature(string permission, int expected)
    {
        using var stream = new MemoryStream(Certified(permission), writable: false);
        using var source = PdfDocumentSource.Open(stream);

        Assert.Equal(expected, source.DocMdpPermission);
    }

    [Fact]
    public void A_document_certified_with_no_changes_allowed_cannot_be_signed()
    {
        var error = Assert.Throws<PdfFormatException>(() => TestSigning.Sign(Certified("/P 1 "), _ => TestSigning.Invisible("Signature2")));

        Assert.Equal(ErrorCodes.PdfCertifiedNoChanges, error.Code);
    }

    [Fact]
    public void An_uncertified_document_has_no_docmdp_permission()
    {
        using var stream = new MemoryStream(TestPdfBuilder.OnePage().Build(), writable: false);
        using var source = PdfDocumentSource.Open(stream);

        Assert.Null(source.DocMdpPermission);
    }

    [Fact]
    public void A_widget_on_a_page_that_does_not_exist_is_out_of_range()
    {
        var widget = new SignatureWidget(9, PdfRect.FromSize(20, 20, 100, 40), TestSigning.Appearance());

        var error = Assert.Throws<PdfFormatException>(() =>
            TestSigning.Sign(TestPdfBuilder.OnePage().Build(), _ => new SignatureUpdateRequest("A", widget, TestSigning.Values())));

        Assert.Equal(ErrorCodes.PdfPageOutOfRange, error.Code);
    }

    [Fact]
    public void A_signature_larger_than_the_reserved_capacity_is_refused()
    {
        var prepared = TestSigning.Prepare(TestPdfBuilder.OnePage().Build(),
            _ => new SignatureUpdateRequest("A", null, TestSigning.Values(capacity: 4)));

        var error = Assert.Throws<SigningException>(() => prepared.WithContents(TestSigning.DummyDer));

        Assert.Equal(ErrorCodes.SignatureTooLarge, error.Code);
    }

    [Fact]
    public void A_prepared_update_survives_a_json_round_trip_and_is_filled_the_same_way()
    {
        var prepared = TestSigning.Prepare(TestPdfBuilder.OnePage().Build(), _ => TestSigning.Invisible("S"));

        var json = System.Text.Json.JsonSerializer.Serialize(prepared);
        var resumed = System.Text.Json.JsonSerializer.Deserialize<PreparedPdfUpdate>(json)!;

        Assert.Equal(prepared.ByteRange, resumed.ByteRange);
        Assert.Equal(prepared.WithContents(TestSigning.DummyDer), resumed.WithContents(TestSigning.DummyDer));
    }

    [Theory]
    [InlineData("")]
    [InlineData("parent.child")]
    public void A_field_name_that_is_empty_or_has_a_period_is_a_caller_error(string name) =>
        Assert.Throws<ArgumentException>(() => TestSigning.Sign(TestPdfBuilder.OnePage().Build(), _ => TestSigning.Invisible(name)));

    [Fact]
    public void An_appearance_font_outside_the_standard_fourteen_is_a_caller_error()
    {
        var appearance = TestSigning.Appearance() with { Fonts = new Dictionary<string, string> { ["F1"] = "Arial" } };
        var widget = new SignatureWidget(1, PdfRect.FromSize(20, 20, 200, 60), appearance);

        Assert.Throws<ArgumentException>(() =>
            TestSigning.Sign(TestPdfBuilder.OnePage().Build(), _ => new SignatureUpdateRequest("A", widget, TestSigning.Values())));
    }

    /// <summary>A one-page PDF whose catalog /Perms /DocMDP names a certification signature (ISO 32000-1 §12.8.2.2).</summary>
    private static byte[] Certified(string permission) =>
        TestPdfBuilder.OnePage(catalogExtra: "/Perms << /DocMDP 7 0 R >> /AcroForm << /Fields [6 0 R] /SigFlags 3 >> ")
            .Object(6, "<< /FT /Sig /T (Certification) /V 7 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R /F 132 >>")
            .Object(7, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 10 20 30] /Contents <3000> " +
                       $"/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams {permission}/V /1.2 >> >>] >>")
            .Build();
}
