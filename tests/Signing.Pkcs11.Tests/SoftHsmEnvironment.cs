using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Signing.Pkcs11.Tests;

/// <summary>
/// A private SoftHSM token directory for this test run. SoftHSM reads SOFTHSM2_CONF once, in
/// C_Initialize, and the module is loaded once per process — so the variable is set when the test
/// assembly loads, before any test can load the module, and the developer's own tokens are never seen.
/// </summary>
internal static class SoftHsmEnvironment
{
    public const string ModulePath = "/usr/lib/softhsm/libsofthsm2.so";
    public const string UserPin = "123456";
    public const string SoPin = "12345678";

    public static string Root { get; private set; } = "";

#pragma warning disable CA2255 // A test assembly is the one place a module initializer belongs.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        Root = Directory.CreateTempSubdirectory("signing-pkcs11-tests-").FullName;
        // The same layout certs-dev/provision-softhsm.sh uses, so the fixture can run it on this folder;
        // the script writes the config (and this placeholder stands in until it has).
        var conf = Path.Combine(Root, "softhsm2.conf");
        var tokens = Directory.CreateDirectory(Path.Combine(Root, "tokens")).FullName;
        File.WriteAllText(conf, $"# Written by certs-dev/provision-softhsm.sh (placeholder)\n" +
                                $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n");
        // On Unix, Environment.SetEnvironmentVariable changes only .NET's copy (which child processes
        // get), not the C environ SoftHSM's getenv reads: set both.
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", conf);
        if (SetEnv("SOFTHSM2_CONF", conf, 1) != 0)
        {
            throw new InvalidOperationException($"setenv failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    // DllImport rather than LibraryImport: the latter needs AllowUnsafeBlocks for one test-only call.
#pragma warning disable SYSLIB1054
    [DllImport("libc.so.6", EntryPoint = "setenv", SetLastError = true)]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
#pragma warning restore SYSLIB1054

    /// <summary>Runs a tool (softhsm2-util, openssl, pkcs11-tool) with our SOFTHSM2_CONF; throws on failure.</summary>
    public static string Run(string tool, params string[] arguments)
    {
        var (exitCode, output) = TryRun(tool, arguments);
        return exitCode == 0
            ? output
            : throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited {exitCode}:\n{output}");
    }

    public static (int ExitCode, string Output) TryRun(string tool, params string[] arguments)
    {
        var result = TestSupport.ExternalTool.Run(tool, arguments, workingDirectory: Root);
        return (result.ExitCode, result.StdOut + result.StdErr);
    }

    /// <summary>The repository root (where SigningService.sln is).</summary>
    public static string RepositoryRoot() => TestSupport.RepoPaths.Root;

    public static string NewFile(string name) => Path.Combine(Root, $"{Guid.NewGuid():N}-{name}");
}
