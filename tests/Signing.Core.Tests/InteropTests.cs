using TestSupport;

namespace Signing.Core.Tests;

/// <summary>PDFs that another tool already signed get our signature on top; every signature stays valid.</summary>
public sealed class InteropTests
{
    [Theory]
    [InlineData("cups-form-english.pdf")]
    [InlineData("r-faq.pdf")]
    [InlineData("word-dejavu-math-linearized.pdf")]
    public void A_pdf_signed_by_poppler_gets_our_stamp_and_both_signatures_validate(string fixture)
    {
        using var temp = new TempDir();
        var original = RepoPaths.RealWorld(fixture);
        var byPoppler = temp.File("poppler.pdf");
        PopplerSigner.Sign(original, byPoppler, "paraf_sekretaris");
        var both = temp.File("both.pdf");

        SigningHarness.Sign(byPoppler, both, Signers.For(DevIdentities.Kadis, KeyBackend.SoftHsm), SigningHarness.Visible());

        RealWorldSigningTests.AssertOriginalIsPrefix(byPoppler, both);
        RealWorldSigningTests.AssertAcceptedByIndependentTools(byPoppler, both, expectedSignatures: 2);
    }
}
