using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using TestSupport;

namespace SigningService.EndToEnd.Tests;

/// <summary>
/// The real service, as its own OS process (dotnet SigningService.dll), on a loopback port, with a data
/// folder and a SoftHSM e-seal token. It can be killed with SIGKILL and started again on the same data.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServiceProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseUrl { get; }

    /// <summary>The OS process id of the host (dotnet runs the app in its own process).</summary>
    public int ProcessId => _process.Id;

    public string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of <see cref="Log"/>, for a failure message.</summary>
    public string LogTail(int lines) => string.Join('\n', Log.Split('\n').TakeLast(lines));

    /// <summary>
    /// The public Verifier host as its own process, reading the service's records and blobs in
    /// <paramref name="dataFolder"/>; it gets no key configuration at all.
    /// </summary>
    public static async Task<ServiceProcess> StartVerifierAsync(string dataFolder, string trustedRootsFolder, int port)
    {
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Database__Provider"] = "Sqlite",
            ["Database__ConnectionString"] = $"Data Source={Path.Combine(dataFolder, "signing.db")};Mode=ReadOnly",
            ["Storage__DataFolder"] = dataFolder,
            ["Verification__TrustedRootsFolder"] = trustedRootsFolder,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        return await LaunchAsync(BuiltDll("Verifier"), env, new Uri($"http://127.0.0.1:{port}"));
    }

    public static async Task<ServiceProcess> StartAsync(string dataFolder, int port, IDictionary<string, string>? extra = null)
    {
        SoftHsmEnvironment.Ensure();
        var url = $"http://127.0.0.1:{port}";
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = url,
            ["Storage__DataFolder"] = dataFolder,
            ["DevPki__StateFolder"] = Path.Combine(dataFolder, "devpki-state"),
            ["Verification__PublicBaseUrl"] = url,
            ["Ltv__TsaUrl"] = url + "/dev-pki/tsa",
            // The dev certificates name http://localhost:5080 for OCSP and CRLs; this process serves them here.
            ["Ltv__UrlMap__0"] = $"http://localhost:5080/={url}/",
            ["Keys__Pkcs11Module"] = SoftHsmEnvironment.ModulePath,
            ["Keys__ESealPinEnv__dev-eseal"] = "E2E_ESEAL_PIN",
            ["E2E_ESEAL_PIN"] = "123456",
            ["SOFTHSM2_CONF"] = SoftHsmEnvironment.ConfigPath,
            ["Logging__LogLevel__Default"] = "Warning",
            // A killed worker's claims come free after the lease; short here so the test need not wait 30 s.
            ["Worker__Lease"] = "00:00:05",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
            env[k] = v;
        return await LaunchAsync(BuiltDll("SigningService"), env, new Uri(url));
    }

    private static async Task<ServiceProcess> LaunchAsync(string dll, IDictionary<string, string> env, Uri url)
    {
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (k, v) in env)
            info.Environment[k] = v;
        var service = new ServiceProcess(Process.Start(info)!, url);
        await service.WaitHealthyAsync(TimeSpan.FromSeconds(90));
        return service;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, like a power cut of the process.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public static int FreePort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The service exited with {_process.ExitCode}:\n{Log}");
            try
            {
                using var response = await http.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The service did not become healthy in {timeout}:\n{Log}");
    }

    /// <summary>A host built next to these tests, in the same configuration (Debug/Release).</summary>
    private static string BuiltDll(string project)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";
        var dll = Path.Combine(RepoPaths.Root, "src", project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the service first: {dll} is missing.");
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
