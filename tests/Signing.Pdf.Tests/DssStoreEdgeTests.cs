using System.Security.Cryptography;
using System.Text;
using Signing.Abstractions;

namespace Signing.Pdf.Tests;

/// <summary>The DSS writer and reader on hand-made files: a store written by someone else, budgets, bad requests.</summary>
public sealed class DssStoreEdgeTests
{
    [Fact]
    public void A_store_from_another_writer_is_rewritten_in_place_keeping_its_entries_and_references()
    {
        var root = TestDss.Certificate("root-ca.pem");
        var kadis = TestDss.Certificate("kadis.pem");
        // Object 7 holds the root certificate unfiltered; ours would be Flate, yet it is the same value.
        var original = TestPdfBuilder.OnePage(catalogExtra: "/DSS 6 0 R ")
            .Object(6, "<< /Type /DSS /Certs [7 0 R] /OCSPs [] /Producer (another writer) >>")
            .Stream(7, root)
            .Build();

        var update = Update(original, new DssContent([root, kadis], [], [], []));

        var text = Encoding.Latin1.GetString(update);
        Assert.Matches(@"\n6 0 obj\n<</Type /DSS ?/Certs \[ ?7 0 R \d+ 0 R ?\] ?/Producer \(another writer\) ?>>", text);
        Assert.DoesNotContain("/OCSPs", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n1 0 obj", text, StringComparison.Ordinal);
        Assert.Equal(1, TestDss.FlateStreamCount(update));
        Assert.Equal([root, kadis], TestDss.Read([.. original, .. update])!.Certificates);
    }

    [Fact]
    public void A_new_store_holds_only_the_kinds_it_was_given_and_the_catalog_points_at_it()
    {
        var original = TestPdfBuilder.OnePage().Build();

        var output = TestDss.Append(original, new DssContent([TestDss.Certificate("kadis.pem")], [], [], []));

        using var source = PdfDocumentSource.Open(new MemoryStream(output, writable: false));
        var reference = PdfObjects.ReferenceOf(source.Catalog, "DSS");
        Assert.NotNull(reference);
        var dss = Assert.IsType<UglyToad.PdfPig.Tokens.DictionaryToken>(source.Objects.Get(reference.Value));
        Assert.Equal(["Type", "Certs"], dss.Data.Keys.Order(StringComparer.Ordinal).Reverse());
        Assert.Equal("DSS", source.Objects.GetName(dss, "Type"));
    }

    [Fact]
    public void A_vri_key_taken_over_the_padded_contents_is_still_matched_to_its_signature()
    {
        var (signed, prepared) = TestSigning.Sign(TestPdfBuilder.OnePage().Build(), _ => TestSigning.Invisible("S"));
        var padded = new byte[prepared.ContentsCapacity];
        TestSigning.DummyDer.CopyTo(padded, 0);
        var key = Convert.ToHexString(SHA1.HashData(padded));

        var output = TestDss.Append(signed, new DssContent([], [], [], [new DssVriEntry([], [TestDss.Certificate("kadis.pem")], [], []) { Key = key }]));

        var vri = Assert.Single(TestDss.Read(output)!.Vri);
        Assert.Equal(key, vri.Key);
        Assert.Equal(TestSigning.DummyDer, vri.SignatureContents);
    }

    [Fact]
    public void Reading_a_store_whose_stream_inflates_past_the_budget_is_too_complex()
    {
        var bomb = TestPdfBuilder.DeflatedZeros(1 << 20);
        var original = TestPdfBuilder.OnePage(catalogExtra: "/DSS << /Certs [6 0 R] >> ")
            .Stream(6, bomb, "/Filter /FlateDecode ")
            .Build();
        var limits = new PdfReadLimits { MaxDecodedStreamBytes = 64 << 10 };

        var error = Assert.Throws<PdfFormatException>(() => TestDss.Read(original, limits));

        Assert.Equal(ErrorCodes.PdfTooComplex, error.Code);
        Assert.Equal(1 << 20, TestDss.Read(original)!.Certificates.Single().Length);
    }

    [Fact]
    public void A_direct_store_in_the_catalog_becomes_an_indirect_one_with_its_entries()
    {
        var root = TestDss.Certificate("root-ca.pem");
        var original = TestPdfBuilder.OnePage(catalogExtra: "/DSS << /Certs [6 0 R] >> ")
            .Stream(6, root)
            .Build();

        var output = TestDss.Append(original, new DssContent([], [TestDss.FakeOcsp(1)], [], []));

        using var source = PdfDocumentSource.Open(new MemoryStream(output, writable: false));
        Assert.NotNull(PdfObjects.ReferenceOf(source.Catalog, "DSS"));
        var dss = source.ReadDss()!;
        Assert.Equal([root], dss.Certificates);
        Assert.Equal([TestDss.FakeOcsp(1)], dss.OcspResponses);
    }

    [Fact]
    public void An_empty_request_or_an_empty_value_is_refused()
    {
        var original = TestPdfBuilder.OnePage().Build();

        Assert.Throws<ArgumentException>(() => Update(original, DssContent.Empty));
        Assert.Throws<ArgumentException>(() => Update(original, new DssContent([[]], [], [], [])));
        Assert.Throws<ArgumentException>(() => Update(original, new DssContent([], [], [], [new DssVriEntry([], [], [], [])])));
    }

    [Fact]
    public void A_revision_that_ends_with_crlf_after_its_eof_marker_ends_after_the_crlf()
    {
        var original = (byte[])[.. TestPdfBuilder.OnePage().Build()[..^1], .. "\r\n"u8];

        var output = TestDss.Append(original, new DssContent([TestDss.Certificate("kadis.pem")], [], [], []));

        Assert.Equal([original.Length], TestDss.Revisions(original));
        Assert.Equal([original.Length, output.Length], TestDss.Revisions(output));
    }

    private static byte[] Update(byte[] original, DssContent content)
    {
        using var stream = new MemoryStream(original, writable: false);
        using var source = PdfDocumentSource.Open(stream);
        return PdfDssAppender.Prepare(source, stream, content);
    }
}
