using System.Text.Json;
using TestSupport;

namespace SigningCli.Tests;

public sealed class VerifyCommandTests
{
    [Fact]
    public void Verify_exits_zero_for_a_good_signature_and_one_after_a_byte_is_flipped()
    {
        using var temp = new TempDir();
        var signed = temp.File("signed.pdf");
        Assert.Equal(0, Cli.Run(["sign", RepoPaths.RealWorld("libtasn1-manual.pdf"), "-o", signed, .. Cli.Pkcs12(DevIdentities.Kabid), "--qr-url", Cli.QrUrl], Cli.Secrets).ExitCode);

        var good = Cli.Run("verify", signed, "--trust", RepoPaths.DevRoot);
        Assert.True(good.ExitCode == 0, good.All);
        Assert.Contains("VALID", good.StdOut);
        Assert.Contains("Level:             B-B", good.StdOut);

        var bytes = File.ReadAllBytes(signed);
        bytes[1000] ^= 0x20;
        var tampered = temp.File("tampered.pdf");
        File.WriteAllBytes(tampered, bytes);
        var bad = Cli.Run("verify", tampered, "--trust", RepoPaths.DevRoot);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("INVALID", bad.StdOut);
    }

    [Fact]
    public void Verify_json_names_each_signature_with_signer_coverage_and_level()
    {
        using var temp = new TempDir();
        var once = temp.File("once.pdf");
        var twice = temp.File("twice.pdf");
        Assert.Equal(0, Cli.Run(["sign", RepoPaths.RealWorld("cups-testpage.pdf"), "-o", once, .. Cli.Pkcs12(DevIdentities.Kadis), "--qr-url", Cli.QrUrl, "--field", "ttd_kadis"], Cli.Secrets).ExitCode);
        Assert.Equal(0, Cli.Run(["sign", once, "-o", twice, .. Cli.Token(DevIdentities.Kabid), "--invisible", "--field", "paraf_kabid"], Cli.Secrets).ExitCode);

        var result = Cli.Run("verify", twice, "--trust", RepoPaths.DevRoot, "--json");

        Assert.True(result.ExitCode == 0, result.All);
        using var json = JsonDocument.Parse(result.StdOut);
        var signatures = json.RootElement.GetProperty("signatures").EnumerateArray().ToList();
        Assert.Equal(["ttd_kadis", "paraf_kabid"], signatures.Select(s => s.GetProperty("fieldName").GetString()));
        Assert.False(signatures[0].GetProperty("coversWholeFile").GetBoolean());
        Assert.True(signatures[1].GetProperty("coversWholeFile").GetBoolean());
        Assert.All(signatures, s => Assert.Equal("B-B", s.GetProperty("level").GetString()));
        Assert.All(signatures, s => Assert.False(string.IsNullOrEmpty(s.GetProperty("signer").GetString())));
    }
}
