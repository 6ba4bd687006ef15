namespace Signing.Pdf.Tests;

public sealed class RealWorldSigningTests
{
    [Theory]
    [MemberData(nameof(Fixtures.RealWorld), MemberType = typeof(Fixtures))]
    public void An_invisible_signature_then_a_visible_one_leave_every_earlier_byte_untouched(string fixture)
    {
        var original = Fixtures.ReadRealWorld(fixture);

        var (first, firstPrepared) = TestSigning.Sign(original, _ => TestSigning.Invisible("Signature1"));
        SignedOutputChecks.AssertSigned(original, first, firstPrepared, "Signature1");

        var (second, secondPrepared) = TestSigning.Sign(first, source => TestSigning.Visible("Signature2", source.GetPage(1)));
        SignedOutputChecks.AssertSigned(first, second, secondPrepared, "Signature2");

        using var stream = new MemoryStream(second, writable: false);
        using var source = PdfDocumentSource.Open(stream);
        var signatures = source.ReadSignatures();
        Assert.Equal(["Signature1", "Signature2"], signatures.Select(s => s.FieldName));
        Assert.Equal(firstPrepared.ByteRange, signatures[0].ByteRange);
    }

    [Theory]
    [MemberData(nameof(Fixtures.RealWorld), MemberType = typeof(Fixtures))]
    public void A_visible_signature_on_the_last_page_passes_qpdf_and_is_read_back(string fixture)
    {
        var original = Fixtures.ReadRealWorld(fixture);

        var (output, prepared) = TestSigning.Sign(original, source => TestSigning.Visible("Stamp", source.GetPage(source.PageCount)));

        SignedOutputChecks.AssertSigned(original, output, prepared, "Stamp");
        using var stream = new MemoryStream(output, writable: false);
        using var source = PdfDocumentSource.Open(stream);
        var field = Assert.Single(source.SignatureFields, f => f.Name == "Stamp");
        Assert.Equal(source.PageCount, field.PageNumber);
        var expected = TestSigning.Visible("Stamp", source.GetPage(source.PageCount)).Widget!.Rect;
        Assert.NotNull(field.Rect);
        Assert.Equal(expected.Left, field.Rect.Value.Left, 3);
        Assert.Equal(expected.Bottom, field.Rect.Value.Bottom, 3);
        Assert.Equal(expected.Right, field.Rect.Value.Right, 3);
        Assert.Equal(expected.Top, field.Rect.Value.Top, 3);
    }
}
