using System.CommandLine;
using System.Text.Json;
using Signing.Abstractions;
using Signing.Cms;
using Signing.Cms.Revocation;
using Signing.Core.Validation;
using SigningCli.Infrastructure;

namespace SigningCli.Commands;

/// <summary><c>signing-cli verify IN.pdf --trust ROOT.pem [--json]</c>: exit 0 only if every signature is valid.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo>("input") { Description = "Signed PDF" };
        var trust = new Option<FileInfo[]>("--trust") { Description = "Trusted root certificate(s), PEM", Required = true, AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var online = new Option<bool>("--online") { Description = "Fetch fresh OCSP/CRL answers instead of relying only on the embedded /DSS" };
        var urlMap = new LtvOptions().UrlMap;
        var command = new Command("verify", "Validate every signature in a PDF");
        command.Arguments.Add(input);
        command.Options.Add(trust);
        command.Options.Add(json);
        command.Options.Add(online);
        command.Options.Add(urlMap);

        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            var file = parse.GetValue(input)!;
            if (!file.Exists)
            {
                throw new SigningException(ErrorCodes.PdfNotAPdf, $"No such file: {file.FullName}");
            }
            var store = TrustStore.FromPemFiles(parse.GetValue(trust)!.Select(f => f.FullName));
            using var http = new HttpClient();
            var fetcher = parse.GetValue(online)
                ? new RevocationFetcher(http, new RevocationFetcherOptions { Rewrite = Signing.Cms.Revocation.UrlMap.Parse(parse.GetValue(urlMap) ?? []) })
                : null;
            await using var stream = file.OpenRead();
            var report = await new PdfSignatureValidator(store, online: fetcher).ValidateAsync(stream, ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, JsonReport.Options));
            }
            else
            {
                PrintText(report);
            }
            return report.AllValid ? 0 : CliErrors.Failed;
        }));
        return command;
    }

    private static void PrintText(ValidationReport report)
    {
        Console.WriteLine($"File: {report.Length} bytes, SHA-256 {report.Sha256}");
        Console.WriteLine($"Conclusion: {report.Conclusion}");
        if (report.Signatures.Count == 0)
        {
            Console.WriteLine("No signatures.");
            return;
        }
        foreach (var s in report.Signatures)
        {
            Console.WriteLine();
            Console.WriteLine($"Signature '{s.FieldName}': {(s.IsValid ? "VALID" : "INVALID")} ({s.Indication})");
            Console.WriteLine($"  Signer:            {s.Signer ?? "-"}");
            Console.WriteLine($"  Signing time (/M): {s.SigningTime?.ToString("u") ?? "-"}");
            Console.WriteLine($"  Digest:            {(s.DigestMatches ? "matches" : "DOES NOT MATCH")} ({s.DigestAlgorithm ?? "-"}) over ByteRange [{string.Join(' ', s.ByteRange)}]");
            Console.WriteLine($"  CMS signature:     {(s.SignatureValid ? "valid" : "INVALID")} ({s.SignatureAlgorithm ?? "-"})");
            Console.WriteLine($"  Chain:             {(s.ChainTrusted ? "trusted" : "NOT TRUSTED")}: {string.Join(" <- ", s.Chain)}");
            Console.WriteLine($"  Covers whole file: {(s.CoversWholeFile ? "yes" : "no (later incremental updates)")}");
            Console.WriteLine($"  Level:             {s.Level}");
            if (s.Timestamp is { } ts)
            {
                Console.WriteLine($"  Time-stamp:        {(ts.Valid ? "valid" : "INVALID")}, {ts.Time:u} by {ts.Authority ?? "-"}");
            }
            foreach (var line in s.Revocation)
            {
                Console.WriteLine($"  Revocation:        {line}");
            }
            foreach (var problem in s.Problems)
            {
                Console.WriteLine($"  Problem:           {problem}");
            }
            foreach (var change in s.ChangesAfter)
            {
                Console.WriteLine($"  Changed after:     {(change.Allowed ? "allowed" : "SUSPICIOUS")}: {change.Description}");
            }
        }
    }
}

internal static class JsonReport
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };
}
