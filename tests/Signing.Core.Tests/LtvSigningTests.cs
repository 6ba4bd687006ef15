using Signing.Abstractions;
using Signing.Core.Ltv;
using Signing.Core.Signing;
using TestSupport;

namespace Signing.Core.Tests;

/// <summary>B-T, B-LT and B-LTA on real-world PDFs, with the dev TSA and OCSP responder on loopback.</summary>
public sealed class LtvSigningTests(DevServicesFixture dev) : IClassFixture<DevServicesFixture>
{
    private static readonly string[] TenFixtures =
    [
        "cups-default.pdf", "cups-form-english.pdf", "r-faq.pdf", "libtasn1-manual.pdf", "word-dejavu-math-linearized.pdf",
        "octave-refcard-a4.pdf", "xelatex-bonum-math.pdf", "derived-rotate90-lualatex.pdf", "campdf-crunchjpg.pdf", "shared-mime-info-spec.pdf",
    ];

    public static TheoryData<string, string> FixturesAndLevels()
    {
        var data = new TheoryData<string, string>();
        foreach (var fixture in TenFixtures)
        {
            foreach (var level in new[] { "B-T", "B-LT", "B-LTA" })
            {
                data.Add(fixture, level);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FixturesAndLevels))]
    public async Task Signing_straight_to_a_level_passes_the_independent_tools_and_is_reported_at_that_level(string fixture, string level)
    {
        using var temp = new TempDir();
        var original = RepoPaths.RealWorld(fixture);
        var output = temp.File("out.pdf");
        var request = SigningHarness.Visible() with { Level = SignatureLevels.Parse(level) };

        await SignToFile(original, output, Signers.For(DevIdentities.Kadis, KeyBackend.SoftHsm), request, dev.Services.Ltv);

        var report = LtvAssertions.AssertLongTermFile(original, output, expectedDocTimestamps: level == "B-LTA" ? 1 : 0);
        Assert.Equal(level, report.Signatures.Single(s => s.Type == "Sig").Level);
    }

    [Fact]
    public async Task A_pdf_signed_by_poppler_is_extended_to_B_LTA_and_its_signature_stays_valid()
    {
        using var temp = new TempDir();
        var original = RepoPaths.RealWorld("cups-form-english.pdf");
        var byPoppler = temp.File("poppler.pdf");
        PopplerSigner.Sign(original, byPoppler, "paraf_sekretaris");
        var extended = temp.File("extended.pdf");
        File.Copy(byPoppler, extended);

        await using (var stream = new FileStream(extended, FileMode.Open, FileAccess.ReadWrite))
        {
            await new LtvExtender(dev.Services.Ltv).ExtendAsync(stream, SignatureLevel.BLTA);
        }

        RealWorldSigningTests.AssertOriginalIsPrefix(byPoppler, extended);
        // One document time-stamp gives poppler's signature its B-T time; the second archives the DSS.
        LtvAssertions.AssertLongTermFile(original, extended, expectedDocTimestamps: 2);
    }

    [Fact]
    public async Task Our_B_B_output_extended_to_B_LTA_is_reported_as_B_LTA()
    {
        using var temp = new TempDir();
        var original = RepoPaths.RealWorld("r-faq.pdf");
        var output = temp.File("out.pdf");
        SigningHarness.Sign(original, output, Signers.For(DevIdentities.Kabid, KeyBackend.Pkcs12), SigningHarness.Visible());

        await using (var stream = new FileStream(output, FileMode.Open, FileAccess.ReadWrite))
        {
            await new LtvExtender(dev.Services.Ltv).ExtendAsync(stream, SignatureLevel.BLTA);
        }

        var report = LtvAssertions.AssertLongTermFile(original, output, expectedDocTimestamps: 2);
        Assert.Equal("B-LTA", report.Signatures.Single(s => s.Type == "Sig").Level);
    }

    [Fact]
    public async Task Archiving_a_B_LTA_file_adds_a_document_time_stamp_and_keeps_it_B_LTA()
    {
        using var temp = new TempDir();
        var original = RepoPaths.RealWorld("cups-testpage.pdf");
        var output = temp.File("out.pdf");
        var request = SigningHarness.Visible() with { Level = SignatureLevel.BLTA };
        await SignToFile(original, output, Signers.For(DevIdentities.Eseal, KeyBackend.SoftHsm), request, dev.Services.Ltv);

        await using (var stream = new FileStream(output, FileMode.Open, FileAccess.ReadWrite))
        {
            await new LtvExtender(dev.Services.Ltv).ArchiveAsync(stream);
        }

        var report = LtvAssertions.AssertLongTermFile(original, output, expectedDocTimestamps: 2);
        Assert.Equal("B-LTA", report.Signatures.Single(s => s.Type == "Sig").Level);
    }

    [Fact]
    public async Task A_batch_fetches_revocation_data_once_per_certificate()
    {
        await using var own = await DevServices.StartAsync();
        var signer = Signers.For(DevIdentities.Sekretaris, KeyBackend.Pkcs12);
        using var temp = new TempDir();
        for (int i = 0; i < 5; i++)
        {
            await SignToFile(RepoPaths.RealWorld("cups-default.pdf"), temp.File($"{i}.pdf"), signer,
                SigningHarness.Invisible() with { Level = SignatureLevel.BLTA }, own.Ltv);
        }

        // Sekretaris, the issuing CA and the TSA certificate: one OCSP answer or CRL each, reused afterwards.
        Assert.InRange(own.Revocation.Cache.Fetches, 1, 4);
        Assert.True(own.Revocation.Cache.CacheHits > own.Revocation.Cache.Fetches);
    }

    internal static async Task SignToFile(string input, string output, IRawSigner signer, SignRequest request, LtvServices services)
    {
        await using var source = File.OpenRead(input);
        await using var target = new FileStream(output, FileMode.CreateNew, FileAccess.ReadWrite);
        await new PdfSigner().SignAsync(source, target, signer, request, services);
    }
}
