using System.Diagnostics;

namespace TestSupport;

public sealed record ToolResult(int ExitCode, string StdOut, string StdErr)
{
    public string All => StdOut + StdErr;
}

/// <summary>A run whose standard output is kept as bytes (a QR payload, a raster).</summary>
public sealed record BinaryToolResult(int ExitCode, byte[] StdOut, string StdErr);

/// <summary>
/// Runs an independent tool (pdfsig, qpdf, mutool, openssl, zbarimg, …). A missing tool fails the test:
/// ./test.sh installs them, and nothing here is silently skipped.
/// </summary>
public static class ExternalTool
{
    public static ToolResult Run(string tool, IEnumerable<string> arguments, TimeSpan? timeout = null,
        IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var result = RunBinary(tool, arguments, timeout, environment, workingDirectory);
        return new ToolResult(result.ExitCode, System.Text.Encoding.UTF8.GetString(result.StdOut), result.StdErr);
    }

    public static BinaryToolResult RunBinary(string tool, IEnumerable<string> arguments, TimeSpan? timeout = null,
        IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"The tool '{tool}' is not installed ({e.Message}). Run ./test.sh, which installs it.", e);
        }
        using (process)
        {
            using var stdout = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{tool} {string.Join(' ', start.ArgumentList)} did not finish in time");
            }
            copy.Wait();
            return new BinaryToolResult(process.ExitCode, stdout.ToArray(), stderr.Result);
        }
    }

    public static ToolResult Run(string tool, params string[] arguments) => Run(tool, arguments, null);
}
