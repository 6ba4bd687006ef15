using System.Diagnostics;

namespace Signing.Pdf.Tests;

internal sealed record ToolResult(int ExitCode, string Output, string Error);

/// <summary>Runs the poppler and qpdf command-line tools on files the tests write.</summary>
internal static class ExternalTool
{
    public static ToolResult Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within 2 minutes.");
        }

        return new ToolResult(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Writes bytes to a temporary .pdf file that is deleted when disposed.</summary>
    public static TempPdf Save(byte[] bytes) => new(bytes);
}

internal sealed class TempPdf : IDisposable
{
    public TempPdf(byte[] bytes)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"signing-pdf-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(Path, bytes);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
