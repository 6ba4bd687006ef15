using System.Runtime.InteropServices;

namespace TestSupport;

/// <summary>
/// SoftHSM tokens provisioned from certs-dev (one per dev identity, PIN 123456). ./test.sh provisions
/// them and exports SOFTHSM2_CONF; a bare `dotnet test` provisions a private copy here. Must run before
/// the PKCS#11 module is loaded (it reads SOFTHSM2_CONF once).
/// </summary>
public static class SoftHsmEnvironment
{
    public const string ModulePath = "/usr/lib/softhsm/libsofthsm2.so";
    private static readonly Lazy<string> Conf = new(Provision);

    public static string ConfigPath => Conf.Value;

    public static void Ensure() => _ = Conf.Value;

    private static string Provision()
    {
        var existing = Environment.GetEnvironmentVariable("SOFTHSM2_CONF");
        if (!string.IsNullOrEmpty(existing) && File.Exists(existing))
        {
            return existing;
        }
        var dir = Path.Combine(Path.GetTempPath(), "signing-tests", "softhsm-" + Guid.NewGuid().ToString("N"));
        var result = ExternalTool.Run("bash", [Path.Combine(RepoPaths.CertsDev, "provision-softhsm.sh"), dir], TimeSpan.FromMinutes(3));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("SoftHSM provisioning failed: " + result.All);
        }
        var conf = Path.Combine(dir, "softhsm2.conf");
        // On Unix, Environment.SetEnvironmentVariable changes only .NET's copy (what child processes get),
        // not the C environ that SoftHSM's getenv reads: set both.
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", conf);
        if (SetEnv("SOFTHSM2_CONF", conf, 1) != 0)
        {
            throw new InvalidOperationException($"setenv failed: errno {Marshal.GetLastPInvokeError()}");
        }
        return conf;
    }

#pragma warning disable SYSLIB1054 // DllImport: LibraryImport would need unsafe blocks for one test-only call.
    [DllImport("libc.so.6", EntryPoint = "setenv", SetLastError = true)]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
#pragma warning restore SYSLIB1054
}
