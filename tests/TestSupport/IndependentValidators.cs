using System.Text;
using System.Text.RegularExpressions;

namespace TestSupport;

public sealed record PdfsigSignature(int Number, bool SignatureValid, bool CertificateTrusted, string Block);

/// <summary>
/// Checks by tools that share no code with ours: poppler's pdfsig (NSS), qpdf, MuPDF and OpenSSL.
/// A signature counts only when all of them accept it.
/// </summary>
public static partial class IndependentValidators
{
    /// <summary>pdfsig with an NSS database that trusts only the dev root; no online OCSP.</summary>
    public static IReadOnlyList<PdfsigSignature> Pdfsig(string pdf)
    {
        var result = ExternalTool.Run("pdfsig", ["-nssdir", NssDatabase.Path, "-no-ocsp", pdf]);
        var blocks = SignatureBlock().Split(result.StdOut).Skip(1).ToArray();
        return blocks.Select((block, i) => new PdfsigSignature(
            i + 1,
            block.Contains("Signature Validation: Signature is Valid.", StringComparison.Ordinal),
            block.Contains("Certificate Validation: Certificate is Trusted.", StringComparison.Ordinal),
            block)).ToList();
    }

    /// <summary>qpdf --check: exit 0 (clean) or 3 (warnings only); returns the warning lines.</summary>
    public static (int ExitCode, IReadOnlyList<string> Warnings) QpdfCheck(string pdf)
    {
        var result = ExternalTool.Run("qpdf", "--check", pdf);
        var warnings = result.All.Split('\n')
            .Where(l => l.Contains("WARNING", StringComparison.Ordinal) || l.Contains("error:", StringComparison.OrdinalIgnoreCase))
            .Select(l => l.Replace(pdf, "<file>", StringComparison.Ordinal).Trim())
            .ToList();
        return (result.ExitCode, warnings);
    }

    /// <summary>mutool sign -v: every signature line says the signature is verified (integrity).</summary>
    public static ToolResult MutoolVerify(string pdf) => ExternalTool.Run("mutool", "sign", "-v", pdf);

    /// <summary>
    /// openssl cms -verify of the n-th /Contents over the bytes its /ByteRange names, trusting the dev root.
    /// ByteRange and Contents are located by their own regex here, not by our PDF reader.
    /// </summary>
    public static ToolResult OpensslCmsVerify(string pdf, int signatureIndex, string? caFile = null)
    {
        var (signed, der) = ByteRangeContent(pdf, signatureIndex);
        using var temp = new TempDir();
        File.WriteAllBytes(temp.File("content.bin"), signed);
        File.WriteAllBytes(temp.File("sig.der"), der);
        return ExternalTool.Run("openssl", [
            "cms", "-verify", "-binary", "-inform", "DER", "-in", temp.File("sig.der"),
            "-content", temp.File("content.bin"), "-CAfile", caFile ?? RepoPaths.DevRoot,
            "-purpose", "any", "-out", "/dev/null",
        ]);
    }

    /// <summary>The n-th signature's signed bytes and its /Contents DER, found by regex over the raw file.</summary>
    public static (byte[] Signed, byte[] Der) ByteRangeContent(string pdf, int signatureIndex)
    {
        var bytes = File.ReadAllBytes(pdf);
        var text = Encoding.Latin1.GetString(bytes);
        var match = ByteRangePattern().Matches(text)[signatureIndex];
        var br = Enumerable.Range(1, 4).Select(i => long.Parse(match.Groups[i].Value)).ToArray();
        var signed = new byte[br[1] + br[3]];
        Array.Copy(bytes, br[0], signed, 0, br[1]);
        Array.Copy(bytes, br[2], signed, br[1], br[3]);
        var hex = text.Substring((int)br[1] + 1, (int)(br[2] - br[1] - 2));
        return (signed, TrimDer(Convert.FromHexString(hex)));
    }

    public static int CountByteRanges(string pdf) =>
        ByteRangePattern().Matches(Encoding.Latin1.GetString(File.ReadAllBytes(pdf))).Count;

    /// <summary>Renders a page with pdftoppm and decodes every QR on it with zbarimg.</summary>
    public static IReadOnlyList<string> DecodeQrCodes(string pdf, int page, int dpi = 150)
    {
        using var temp = new TempDir();
        var prefix = temp.File("page");
        var render = ExternalTool.Run("pdftoppm", ["-cropbox", "-r", dpi.ToString(), "-f", page.ToString(), "-l", page.ToString(), "-png", "-singlefile", pdf, prefix]);
        if (render.ExitCode != 0)
        {
            throw new InvalidOperationException("pdftoppm failed: " + render.All);
        }
        var decode = ExternalTool.Run("zbarimg", ["-q", "--raw", prefix + ".png"]);
        return decode.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static string PdfToText(string pdf, int page) =>
        ExternalTool.Run("pdftotext", ["-f", page.ToString(), "-l", page.ToString(), "-layout", pdf, "-"]).StdOut;

    // The encoding's own length says where the padding starts (BER: NSS writes indefinite lengths).
    private static byte[] TrimDer(byte[] contents) => contents[..(Signing.Abstractions.BerLength.OfFirstValue(contents) ?? contents.Length)];

    [GeneratedRegex(@"Signature #\d+:")]
    private static partial Regex SignatureBlock();

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRangePattern();
}
