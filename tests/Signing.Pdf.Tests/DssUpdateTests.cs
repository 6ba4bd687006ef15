using TestSupport;
using System.Text;

namespace Signing.Pdf.Tests;

/// <summary>
/// The Document Security Store update (PAdES B-LT) on real files of each cross-reference kind: a classic table,
/// an xref stream and a linearized file, each first signed (dummy CMS) and then given a /DSS with a /VRI entry.
/// </summary>
public sealed class DssUpdateTests
{
    private static readonly DateTimeOffset GatheredAt = new(2024, 5, 1, 10, 0, 0, TimeSpan.FromHours(7));

    public static TheoryData<string> CrossReferenceKinds() =>
        new() { "cups-form-english.pdf", "r-faq.pdf", "word-dejavu-math-linearized.pdf" };

    [Theory]
    [MemberData(nameof(CrossReferenceKinds))]
    public void A_dss_update_keeps_every_earlier_byte_and_adds_no_qpdf_warning(string fixture)
    {
        var run = SignThenAddDss(fixture);

        Assert.True(run.Signed.AsSpan(0, run.Original.Length).SequenceEqual(run.Original), "the original must be a prefix of the signed file");
        Assert.True(run.Output.AsSpan(0, run.Signed.Length).SequenceEqual(run.Signed), "the signed file must be a prefix of the output");
        using var originalFile = TempPdf.Save(run.Original);
        using var outputFile = TempPdf.Save(run.Output);
        SignedOutputChecks.AssertQpdfFindsNothingNew(originalFile.Path, outputFile.Path);
    }

    [Theory]
    [MemberData(nameof(CrossReferenceKinds))]
    public void The_update_uses_the_same_cross_reference_kind_as_the_signature_update_before_it(string fixture)
    {
        var run = SignThenAddDss(fixture);

        var signatureUsesStream = Text(run.Signature.UpdateBytes).Contains("/Type /XRef", StringComparison.Ordinal);
        Assert.Equal(signatureUsesStream, Text(run.DssUpdate).Contains("/Type /XRef", StringComparison.Ordinal));
        Assert.Equal(!signatureUsesStream, Text(run.DssUpdate).Contains("\ntrailer\n", StringComparison.Ordinal));
        Assert.EndsWith("%%EOF\n", Text(run.DssUpdate), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CrossReferenceKinds))]
    public void The_store_reads_back_exactly_what_was_written(string fixture)
    {
        var run = SignThenAddDss(fixture);

        var dss = TestDss.Read(run.Output);

        Assert.NotNull(dss);
        // /Certs holds the listed certificates and, once each, those only named by the VRI entry.
        Assert.Equal([.. run.Content.Certificates, TestDss.Certificate("ocsp.pem")], dss.Certificates);
        Assert.Equal(run.Content.OcspResponses, dss.OcspResponses);
        Assert.Equal(run.Content.Crls, dss.Crls);
        var vri = Assert.Single(dss.Vri);
        var written = run.Content.Vri[0];
        Assert.Equal(TestDss.VriKey(TestSigning.DummyDer), vri.Key);
        Assert.Equal(TestSigning.DummyDer, vri.SignatureContents);
        Assert.Equal(written.Certificates, vri.Certificates);
        Assert.Equal(written.OcspResponses, vri.OcspResponses);
        Assert.Equal(written.Crls, vri.Crls);
        Assert.Equal(GatheredAt, vri.ValidationTime);
    }

    [Theory]
    [MemberData(nameof(CrossReferenceKinds))]
    public void Every_value_is_a_flate_stream_of_its_own(string fixture)
    {
        var run = SignThenAddDss(fixture);

        // 2 chain + kadis + ocsp certificates, 1 OCSP response, 1 CRL.
        Assert.Equal(6, TestDss.FlateStreamCount(run.DssUpdate));
    }

    [Theory]
    [MemberData(nameof(CrossReferenceKinds))]
    public void The_earlier_signature_keeps_its_byte_range_and_pdfsig_still_lists_it(string fixture)
    {
        var run = SignThenAddDss(fixture);

        using (var source = PdfDocumentSource.Open(new MemoryStream(run.Output, writable: false)))
        {
            var signature = Assert.Single(source.ReadSignatures());
            Assert.Equal(run.Signature.ByteRange, signature.ByteRange);
            Assert.Equal(run.Signed.Length, signature.ByteRange[2] + signature.ByteRange[3]);
        }

        using var outputFile = TempPdf.Save(run.Output);
        var pdfsig = ExternalTool.Run("pdfsig", outputFile.Path);
        var listing = pdfsig.StdOut + pdfsig.StdErr;
        Assert.Contains("Signature #1", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature #2", listing, StringComparison.Ordinal);
        Assert.Contains("Signature1", listing, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CrossReferenceKinds))]
    public void Each_update_adds_one_revision_that_ends_where_the_update_ends(string fixture)
    {
        var run = SignThenAddDss(fixture);

        var before = TestDss.Revisions(run.Original);
        Assert.Equal(run.Original.Length, before[^1]);
        Assert.Equal([.. before, run.Signed.Length], TestDss.Revisions(run.Signed));
        Assert.Equal([.. before, run.Signed.Length, run.Output.Length], TestDss.Revisions(run.Output));
    }

    [Theory]
    [MemberData(nameof(Fixtures.RealWorld), MemberType = typeof(Fixtures))]
    public void Every_real_world_original_is_one_revision_ending_at_its_last_byte(string fixture)
    {
        var original = Fixtures.ReadRealWorld(fixture);

        Assert.Equal([original.Length], TestDss.Revisions(original));
    }

    [Fact]
    public void The_linearized_original_is_one_revision_although_it_has_two_eof_markers()
    {
        var original = Fixtures.ReadRealWorld("word-dejavu-math-linearized.pdf");

        Assert.Equal(2, Text(original).Split("%%EOF").Length - 1);
        Assert.Equal([original.Length], TestDss.Revisions(original));
    }

    [Theory]
    [MemberData(nameof(CrossReferenceKinds))]
    public void Mutool_shows_the_arrays_and_the_vri_entry_under_the_catalog(string fixture)
    {
        var run = SignThenAddDss(fixture);
        using var outputFile = TempPdf.Save(run.Output);

        var shown = ExternalTool.Run("mutool", "show", outputFile.Path, "trailer/Root/DSS");

        Assert.True(shown.ExitCode == 0, $"mutool failed: {shown.StdErr}");
        var dss = shown.StdOut.Replace("\n", " ", StringComparison.Ordinal);
        Assert.Matches(@"/Type\s*/DSS", dss);
        Assert.Matches(@"/Certs\s*\[\s*(\d+ 0 R\s*){4}\]", dss);
        Assert.Matches(@"/OCSPs\s*\[\s*\d+ 0 R\s*\]", dss);
        Assert.Matches(@"/CRLs\s*\[\s*\d+ 0 R\s*\]", dss);
        Assert.Matches($@"/VRI\s*<<\s*/{TestDss.VriKey(TestSigning.DummyDer)}\s*<<", dss);
        Assert.Matches(@"/Cert\s*\[\s*(\d+ 0 R\s*){2}\]", dss);
        Assert.Contains("/TU", dss, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CrossReferenceKinds))]
    public void A_second_signature_and_store_merge_with_the_first_and_store_no_value_twice(string fixture)
    {
        var first = SignThenAddDss(fixture);
        var prepared = TestSigning.Prepare(first.Output, _ => TestSigning.Invisible("Signature2"));
        var signed = (byte[])[.. first.Output, .. prepared.WithContents(TestDss.SecondDummyDer)];
        var tsa = TestDss.Certificate("tsa.pem");
        var second = new DssContent(
            [.. TestDss.Certificates("chain.pem"), tsa],
            [TestDss.FakeOcsp(1), TestDss.FakeOcsp(2)],
            [TestDss.FakeCrl(1)],
            [
                new DssVriEntry(TestDss.SecondDummyDer, [tsa, TestDss.Certificate("kadis.pem")], [TestDss.FakeOcsp(2)], []),
                // More material for the first signature: its entry gains only the OCSP response it lacks.
                new DssVriEntry(TestSigning.DummyDer, [TestDss.Certificate("kadis.pem")], [TestDss.FakeOcsp(1), TestDss.FakeOcsp(2)], []),
            ]);

        var output = TestDss.Append(signed, second);

        // Only the TSA certificate and the second OCSP response are new.
        Assert.Equal(2, TestDss.FlateStreamCount(output[signed.Length..]));
        var dss = TestDss.Read(output)!;
        Assert.Equal([.. first.Content.Certificates, TestDss.Certificate("ocsp.pem"), tsa], dss.Certificates);
        Assert.Equal([TestDss.FakeOcsp(1), TestDss.FakeOcsp(2)], dss.OcspResponses);
        Assert.Equal([TestDss.FakeCrl(1)], dss.Crls);
        Assert.Equal([TestDss.VriKey(TestSigning.DummyDer), TestDss.VriKey(TestDss.SecondDummyDer)], dss.Vri.Select(v => v.Key));
        var firstEntry = dss.Vri[0];
        Assert.Equal(first.Content.Vri[0].Certificates, firstEntry.Certificates);
        Assert.Equal([TestDss.FakeOcsp(1), TestDss.FakeOcsp(2)], firstEntry.OcspResponses);
        Assert.Equal([TestDss.FakeCrl(1)], firstEntry.Crls);
        Assert.Equal(GatheredAt, firstEntry.ValidationTime);
        var secondEntry = dss.Vri[1];
        Assert.Equal(TestDss.SecondDummyDer, secondEntry.SignatureContents);
        Assert.Equal([tsa, TestDss.Certificate("kadis.pem")], secondEntry.Certificates);
        Assert.Empty(secondEntry.Crls);

        Assert.Equal(TestDss.Revisions(first.Output).Count + 2, TestDss.Revisions(output).Count);
        using var originalFile = TempPdf.Save(first.Original);
        using var outputFile = TempPdf.Save(output);
        SignedOutputChecks.AssertQpdfFindsNothingNew(originalFile.Path, outputFile.Path);
        var listing = ExternalTool.Run("pdfsig", outputFile.Path).StdOut;
        Assert.Contains("Signature #2", listing, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeating_the_same_store_update_writes_no_stream_and_changes_nothing_read()
    {
        var run = SignThenAddDss("cups-form-english.pdf");

        var repeated = TestDss.Append(run.Output, run.Content);

        Assert.Equal(0, TestDss.FlateStreamCount(repeated[run.Output.Length..]));
        var before = TestDss.Read(run.Output)!;
        var after = TestDss.Read(repeated)!;
        Assert.Equal(before.Certificates, after.Certificates);
        Assert.Equal(before.OcspResponses, after.OcspResponses);
        Assert.Equal(before.Crls, after.Crls);
        Assert.Equal(before.Vri.Single().Certificates, after.Vri.Single().Certificates);
    }

    [Fact]
    public void A_document_without_a_store_reads_as_none() =>
        Assert.Null(TestDss.Read(Fixtures.ReadRealWorld("cups-form-english.pdf")));

    private static string Text(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    private static DssContent FirstContent() => new(
        [.. TestDss.Certificates("chain.pem"), TestDss.Certificate("kadis.pem")],
        [TestDss.FakeOcsp(1)],
        [TestDss.FakeCrl(1)],
        [
            new DssVriEntry(TestSigning.DummyDer, [TestDss.Certificate("kadis.pem"), TestDss.Certificate("ocsp.pem")], [TestDss.FakeOcsp(1)], [TestDss.FakeCrl(1)])
            {
                ValidationTime = GatheredAt,
            },
        ]);

    private static Run SignThenAddDss(string fixture)
    {
        var original = Fixtures.ReadRealWorld(fixture);
        var (signed, prepared) = TestSigning.Sign(original, _ => TestSigning.Invisible("Signature1"));
        var content = FirstContent();
        return new Run(original, signed, prepared, content, TestDss.Append(signed, content));
    }

    private sealed record Run(byte[] Original, byte[] Signed, PreparedPdfUpdate Signature, DssContent Content, byte[] Output)
    {
        public byte[] DssUpdate => Output[Signed.Length..];
    }
}
