using System.Security.Cryptography;
using TestSupport;

namespace SigningCli.Tests;

public sealed class SignCommandTests
{
    [Fact]
    public void Signing_with_a_softhsm_token_prints_the_path_and_the_sha256_of_a_valid_signed_file()
    {
        using var temp = new TempDir();
        var output = temp.File("signed.pdf");

        var result = Cli.Run([
            "sign", RepoPaths.RealWorld("cups-form-english.pdf"), "-o", output, .. Cli.Token(DevIdentities.Kadis),
            "--qr-url", Cli.QrUrl, "--reason", "Penerbitan izin", "--location", "Malang",
        ], Cli.Secrets);

        Assert.True(result.ExitCode == 0, result.All);
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(output)));
        Assert.Contains(Path.GetFullPath(output), result.StdOut);
        Assert.Contains(sha, result.StdOut);
        var pdfsig = Assert.Single(IndependentValidators.Pdfsig(output));
        Assert.True(pdfsig.SignatureValid && pdfsig.CertificateTrusted, pdfsig.Block);
    }

    [Fact]
    public void Signing_with_a_pkcs12_file_at_an_anchor_gives_a_valid_signature()
    {
        using var temp = new TempDir();
        var output = temp.File("signed.pdf");
        var permit = Path.Combine(RepoPaths.Root, "tests", "fixtures", "samples", "permit-a4.pdf");

        var result = Cli.Run(["sign", permit, "-o", output, .. Cli.Pkcs12(DevIdentities.Kadis),
            "--anchor", "${ttd_kadis}", "--qr-url", Cli.QrUrl, "--field", "ttd_kadis"], Cli.Secrets);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal([Cli.QrUrl], IndependentValidators.DecodeQrCodes(output, 1));
        Assert.Equal(0, Cli.Run(["verify", output, "--trust", RepoPaths.DevRoot]).ExitCode);
    }

    [Fact]
    public void A_file_that_is_not_a_pdf_gives_one_clear_line_no_stack_trace_and_no_output_file()
    {
        using var temp = new TempDir();
        var notPdf = temp.File("surat.pdf");
        File.WriteAllText(notPdf, "ini bukan PDF");
        var output = temp.File("out.pdf");

        var result = Cli.Run(["sign", notPdf, "-o", output, .. Cli.Pkcs12(DevIdentities.Kadis), "--invisible"], Cli.Secrets);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error [pdf-not-a-pdf]:", result.StdErr.Trim());
        Assert.DoesNotContain("   at ", result.All);
        Assert.Equal([notPdf], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void A_wrong_pin_is_reported_as_such_and_the_pin_is_never_echoed()
    {
        using var temp = new TempDir();
        var output = temp.File("out.pdf");
        var wrong = new Dictionary<string, string> { ["TEST_PIN"] = "999111" };

        var result = Cli.Run(["sign", RepoPaths.RealWorld("cups-default.pdf"), "-o", output, .. Cli.Token(DevIdentities.Sekretaris), "--invisible"], wrong);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error [pin-incorrect]", result.StdErr);
        Assert.DoesNotContain("999111", result.All);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_pin_given_nowhere_is_asked_for_and_refused_without_a_terminal()
    {
        using var temp = new TempDir();
        var result = Cli.Run(["sign", RepoPaths.RealWorld("cups-default.pdf"), "-o", temp.File("o.pdf"),
            "--pkcs11-module", SoftHsmEnvironment.ModulePath, "--token", "dev-kadis", "--key", "sign", "--invisible"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error [pin-required]", result.StdErr);
    }

    [Fact]
    public void A_folder_is_signed_after_one_login_and_bad_files_are_listed_without_stopping_the_rest()
    {
        using var temp = new TempDir();
        var inbox = Directory.CreateDirectory(Path.Combine(temp.Path, "inbox")).FullName;
        var good = new[] { "cups-default.pdf", "r-faq.pdf", "word-dejavu-math-linearized.pdf", "octave-refcard-a4.pdf" };
        foreach (var name in good)
        {
            File.Copy(RepoPaths.RealWorld(name), Path.Combine(inbox, name));
        }
        File.Copy(Path.Combine(RepoPaths.BadFixtures, "encrypted-forensics-peanuts.pdf"), Path.Combine(inbox, "encrypted.pdf"));
        File.WriteAllText(Path.Combine(inbox, "empty.pdf"), "");
        var outbox = Path.Combine(temp.Path, "signed");

        var result = Cli.Run(["sign", inbox, "-o", outbox, .. Cli.Token(DevIdentities.Eseal), "--qr-url", Cli.QrUrl], Cli.Secrets);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Signed: 4", result.StdOut);
        Assert.Contains("Failed: 2", result.StdOut);
        Assert.Contains("FAILED encrypted.pdf: [pdf-encrypted]", result.StdOut);
        Assert.Contains("FAILED empty.pdf: [pdf-empty]", result.StdOut);
        Assert.Equal(good.Order(), Directory.GetFiles(outbox).Select(Path.GetFileName).Order());
        foreach (var file in Directory.GetFiles(outbox))
        {
            var sig = Assert.Single(IndependentValidators.Pdfsig(file));
            Assert.True(sig.SignatureValid && sig.CertificateTrusted, sig.Block);
        }
    }
}
