using System.Collections.Concurrent;
using Signing.Abstractions;
using Signing.Core.Ltv;
using Signing.Core.Signing;
using SigningCli.Infrastructure;
using Spectre.Console;

namespace SigningCli.Commands;

/// <summary>
/// Signs every PDF of a folder after one login, several at a time, with a progress bar. A bad file is
/// reported and skipped; the rest go on. Exit code 1 when any failed.
/// </summary>
internal static class BatchSigner
{
    public static async Task<int> Run(
        IReadOnlyList<string> files, string outputDirectory, IRawSigner signer, SignRequest request,
        LtvServices services, int parallelism, CancellationToken ct)
    {
        Directory.CreateDirectory(outputDirectory);
        var failures = new ConcurrentBag<(string File, string Reason)>();
        int signed = 0;

        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"Signing {files.Count} PDF(s)", maxValue: Math.Max(1, files.Count));
                await Parallel.ForEachAsync(
                    files,
                    new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = ct },
                    async (file, token) =>
                    {
                        try
                        {
                            var target = Path.Combine(outputDirectory, Path.GetFileName(file));
                            await SignCommand.SignFile(file, target, signer, request, services, token);
                            Interlocked.Increment(ref signed);
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            failures.Add((Path.GetFileName(file), CliErrors.Describe(e)));
                        }
                        task.Increment(1);
                    });
            });

        AnsiConsole.MarkupLine($"[green]Signed: {signed}[/]  [red]Failed: {failures.Count}[/]");
        foreach (var (file, reason) in failures.OrderBy(f => f.File, StringComparer.Ordinal))
        {
            Console.WriteLine($"FAILED {file}: {reason}");
        }
        return failures.IsEmpty ? 0 : CliErrors.Failed;
    }
}
