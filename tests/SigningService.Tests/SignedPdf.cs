using System.Security.Cryptography;
using TestSupport;

namespace SigningService.Tests;

/// <summary>Checks of a PDF the service signed, by tools that share no code with it.</summary>
public static class SignedPdf
{
    /// <summary>
    /// The signed PDF keeps the original byte for byte (an incremental update), hashes to what the API
    /// reported, has one signature that pdfsig accepts as valid and trusted (NSS db trusting only the
    /// dev root), passes qpdf --check, and its QR (rendered by pdftoppm, read by zbarimg) is the verify URL.
    /// </summary>
    public static void AssertValid(byte[] original, byte[] signed, string reportedSha256, string verifyUrl)
    {
        Assert.True(signed.Length > original.Length, "the signed PDF is longer than the original");
        Assert.True(signed.AsSpan(0, original.Length).SequenceEqual(original), "the signed PDF begins with the original, unchanged");
        Assert.Equal(reportedSha256, Convert.ToHexStringLower(SHA256.HashData(signed)));

        using var temp = new TempDir();
        var path = temp.File("signed.pdf");
        File.WriteAllBytes(path, signed);

        var signatures = IndependentValidators.Pdfsig(path);
        var only = Assert.Single(signatures);
        Assert.True(only.SignatureValid && only.CertificateTrusted, "pdfsig rejected the signature:\n" + only.Block);

        var (exit, warnings) = IndependentValidators.QpdfCheck(path);
        Assert.True(exit == 0, $"qpdf --check exit {exit}: {string.Join('\n', warnings)}");

        var qr = IndependentValidators.DecodeQrCodes(path, page: 1);
        Assert.Contains(verifyUrl, qr);
    }
}
