using TestSupport;

namespace SigningCli.Tests;

/// <summary>Runs the built signing-cli as its own process, as a user or a script would.</summary>
public static class Cli
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "signing-cli.dll");

    public static ToolResult Run(IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>());
        env.TryAdd("SOFTHSM2_CONF", SoftHsmEnvironment.ConfigPath);
        env.TryAdd("DOTNET_NOLOGO", "1");
        return ExternalTool.Run("dotnet", [Dll, .. arguments], TimeSpan.FromMinutes(5), env, RepoPaths.Root);
    }

    public static ToolResult Run(params string[] arguments) => Run(arguments, null);

    public static readonly Dictionary<string, string> Secrets = new() { ["TEST_PIN"] = DevIdentity.Pin };

    public static string[] Pkcs12(DevIdentity who) =>
        ["--pkcs12", who.Pkcs12Path, "--password-env", "TEST_PIN"];

    public static string[] Token(DevIdentity who) =>
        ["--pkcs11-module", SoftHsmEnvironment.ModulePath, "--token", who.TokenLabel, "--key", who.KeyLabel, "--pin-env", "TEST_PIN", "--chain", RepoPaths.DevChain];

    public const string QrUrl = "https://verifikasi.example.go.id/v/GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
}
