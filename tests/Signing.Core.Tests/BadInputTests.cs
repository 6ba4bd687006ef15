using System.Diagnostics;
using System.Text;
using Signing.Abstractions;
using Signing.Core.Signing;
using TestSupport;

namespace Signing.Core.Tests;

/// <summary>Bad input gives a typed error, quickly, and nothing is written.</summary>
public sealed class BadInputTests
{
    public static TheoryData<string, string> BadFiles() => new()
    {
        { "encrypted-forensics-peanuts.pdf", ErrorCodes.PdfEncrypted },
        { "damaged-xref-clamav.pdf", ErrorCodes.PdfMalformed },
        { "truncated-afl-small.pdf", ErrorCodes.PdfMalformed },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_real_world_file_is_refused_with_its_code(string file, string code)
    {
        var error = SignBytes(File.ReadAllBytes(Path.Combine(RepoPaths.BadFixtures, file)));
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void Zero_bytes_are_refused_as_empty() => Assert.Equal(ErrorCodes.PdfEmpty, SignBytes([]).Code);

    [Fact]
    public void Text_that_is_not_a_pdf_is_refused() =>
        Assert.Equal(ErrorCodes.PdfNotAPdf, SignBytes(Encoding.ASCII.GetBytes("Surat izin, bukan PDF")).Code);

    [Fact]
    public void A_real_pdf_cut_in_half_is_refused_as_malformed()
    {
        var bytes = File.ReadAllBytes(RepoPaths.RealWorld("libtasn1-manual.pdf"));
        Assert.Equal(ErrorCodes.PdfMalformed, SignBytes(bytes[..(bytes.Length / 2)]).Code);
    }

    [Fact]
    public void A_pdf_encrypted_by_qpdf_is_refused_as_encrypted()
    {
        using var temp = new TempDir();
        var encrypted = temp.File("enc.pdf");
        var result = ExternalTool.Run("qpdf", ["--encrypt", "user", "owner", "256", "--", RepoPaths.RealWorld("cups-default.pdf"), encrypted]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(ErrorCodes.PdfEncrypted, SignBytes(File.ReadAllBytes(encrypted)).Code);
    }

    private static SigningException SignBytes(byte[] pdf)
    {
        var watch = Stopwatch.StartNew();
        var signer = Signers.For(DevIdentities.Kadis, KeyBackend.Pkcs12);
        var error = Assert.ThrowsAny<SigningException>(() =>
            new PdfSigner().Prepare(new MemoryStream(pdf), SignerIdentity.Of(signer), SigningHarness.Invisible()));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"refusing took {watch.Elapsed}");
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error;
    }
}
