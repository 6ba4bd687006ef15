using Signing.Cms;
using Signing.DevServices;
using TestSupport;

namespace SigningCli.Tests;

/// <summary>sign --level, extend, extend --archive, dev-pki revoke and verify --online, through the CLI only.</summary>
public sealed class LtvCommandTests : IAsyncLifetime
{
    private readonly TempDir _state = new();
    private DevPkiServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await DevPkiServer.StartAsync(DevAuthority.Load(RepoPaths.CertsDev, _state.Path));

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _state.Dispose();
    }

    private string[] Ltv => ["--tsa", _server.TsaUrl.ToString(), "--url-map", $"http://localhost:5080/={_server.BaseAddress}"];

    [Fact]
    public void Signing_to_B_LTA_then_archiving_keeps_the_file_valid_at_B_LTA()
    {
        using var temp = new TempDir();
        var lta = temp.File("lta.pdf");
        var archived = temp.File("archived.pdf");

        var sign = Cli.Run(["sign", RepoPaths.RealWorld("cups-form-english.pdf"), "-o", lta, .. Cli.Token(DevIdentities.Kadis),
            "--qr-url", Cli.QrUrl, "--level", "B-LTA", .. Ltv], Cli.Secrets);
        Assert.True(sign.ExitCode == 0, sign.All);
        var archive = Cli.Run(["extend", lta, "--archive", "-o", archived, .. Ltv]);
        Assert.True(archive.ExitCode == 0, archive.All);

        var verify = Cli.Run("verify", archived, "--trust", RepoPaths.DevRoot);
        Assert.True(verify.ExitCode == 0, verify.All);
        Assert.Contains("Level:             B-LTA", verify.StdOut);
        Assert.Equal(2, verify.StdOut.Split("Level:             document time-stamp").Length - 1);
    }

    [Fact]
    public void A_pdf_signed_by_another_tool_is_extended_to_B_LTA_and_stays_valid()
    {
        using var temp = new TempDir();
        var byPoppler = temp.File("poppler.pdf");
        PopplerSigner.Sign(RepoPaths.RealWorld("r-faq.pdf"), byPoppler, "paraf");
        var extended = temp.File("extended.pdf");

        var extend = Cli.Run(["extend", byPoppler, "--level", "B-LTA", "-o", extended, .. Ltv]);

        Assert.True(extend.ExitCode == 0, extend.All);
        var pdfsig = IndependentValidators.Pdfsig(extended).First();
        Assert.True(pdfsig.SignatureValid && pdfsig.CertificateTrusted, pdfsig.Block);
        Assert.Equal(0, Cli.Run("verify", extended, "--trust", RepoPaths.DevRoot).ExitCode);
    }

    [Fact]
    public void A_revoked_signer_is_refused_with_no_output_and_a_later_revocation_shows_in_verify_online()
    {
        using var temp = new TempDir();
        var signed = temp.File("signed.pdf");
        string[] revoked = ["--pkcs12", Path.Combine(RepoPaths.CertsDev, "revoked.p12"), "--password-env", "TEST_PIN"];
        Assert.Equal(0, Cli.Run(["sign", RepoPaths.RealWorld("cups-default.pdf"), "-o", signed, .. revoked, "--invisible", "--level", "B-LTA", .. Ltv], Cli.Secrets).ExitCode);
        Thread.Sleep(1100); // the revocation comes strictly after the signature time-stamp

        var revoke = Cli.Run("dev-pki", "revoke", "revoked", "--pki", RepoPaths.CertsDev, "--state", _state.Path);
        Assert.True(revoke.ExitCode == 0, revoke.All);

        var online = Cli.Run(["verify", signed, "--trust", RepoPaths.DevRoot, "--online", "--url-map", $"http://localhost:5080/={_server.BaseAddress}"]);
        Assert.Contains("revoked on", online.StdOut);
        var refused = Cli.Run(["sign", RepoPaths.RealWorld("cups-default.pdf"), "-o", temp.File("again.pdf"), .. revoked, "--invisible", "--level", "B-LT", .. Ltv], Cli.Secrets);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("error [certificate-revoked]", refused.StdErr);
        Assert.False(File.Exists(temp.File("again.pdf")));
    }

    [Fact]
    public void An_unreachable_tsa_is_one_clear_line_and_no_output_file()
    {
        using var temp = new TempDir();
        var output = temp.File("out.pdf");

        var result = Cli.Run(["sign", RepoPaths.RealWorld("cups-default.pdf"), "-o", output, .. Cli.Pkcs12(DevIdentities.Kadis), "--invisible",
            "--level", "B-T", "--tsa", "http://127.0.0.1:9/tsa", "--net-timeout", "3"], Cli.Secrets);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error [tsa-unavailable]", result.StdErr.Trim());
        Assert.DoesNotContain("   at ", result.All);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }
}
