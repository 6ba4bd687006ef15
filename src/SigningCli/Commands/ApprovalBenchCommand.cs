using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Signing.Abstractions;
using SigningCli.Infrastructure;
using SigningService.Domain.Approval;

namespace SigningCli.Commands;

/// <summary>
/// <c>signing-cli bench-approval</c>: issue 5's figure, "batch approval of 50 one-page documents with one
/// PIN: seconds from click to all signed". Submits N documents for an official's signature as an issuing
/// system, logs in as that official (password + TOTP, as the phone would), approves them all in one
/// batch with the token PIN, and reports the time the batch took and whether every document came back signed.
/// </summary>
internal static class ApprovalBenchCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "Service base URL", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var keyEnv = new Option<string>("--api-key-env") { Description = "Environment variable holding the issuing client's API key", DefaultValueFactory = _ => "SIGNING_API_KEY" };
        var user = new Option<string>("--user") { Description = "The official's account", DefaultValueFactory = _ => "kadis" };
        var passwordEnv = new Option<string>("--password-env") { Description = "Environment variable holding the account's password", DefaultValueFactory = _ => "SIGNING_PASSWORD" };
        var totpEnv = new Option<string>("--totp-secret-env") { Description = "Environment variable holding the account's base32 TOTP secret", DefaultValueFactory = _ => "SIGNING_TOTP_SECRET" };
        var pinEnv = new Option<string>("--pin-env") { Description = "Environment variable holding the token PIN", DefaultValueFactory = _ => "SIGNING_PIN" };
        var input = new Option<FileInfo>("--input") { Description = "One-page PDF", DefaultValueFactory = _ => new FileInfo("tests/fixtures/samples/permit-a4.pdf") };
        var count = new Option<int>("--count") { Description = "Documents in the batch", DefaultValueFactory = _ => 50 };
        var type = new Option<string>("--document-type") { Description = "A document type signed by the official", DefaultValueFactory = _ => "demo-kadis" };
        var command = new Command("bench-approval", "Measure one batch approval with one PIN against a running service");
        foreach (var o in new Option[] { url, keyEnv, user, passwordEnv, totpEnv, pinEnv, input, count, type })
            command.Options.Add(o);
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            string Env(Option<string> option) => Environment.GetEnvironmentVariable(parse.GetValue(option)!)
                ?? throw new SigningException("environment-missing", $"Set the environment variable {parse.GetValue(option)}.");
            using var http = new HttpClient { BaseAddress = new Uri(parse.GetValue(url)!), Timeout = TimeSpan.FromMinutes(10) };
            var pdf = await File.ReadAllBytesAsync(parse.GetValue(input)!.FullName, ct);
            var n = parse.GetValue(count);
            var run = Guid.NewGuid().ToString("N")[..8];

            var apiKey = Env(keyEnv);
            var ids = new Guid[n];
            await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
                async (i, token) => ids[i] = await ServiceBenchCommand.SubmitAsync(
                    http, pdf, parse.GetValue(type)!, $"approval-{run}-{i}", token, apiKey, "Benchmark persetujuan"));

            var accessToken = await LoginAsync(http, parse.GetValue(user)!, Env(passwordEnv), Totp.Code(Env(totpEnv)), ct);
            using var approve = new HttpRequestMessage(HttpMethod.Post, "/api/v1/inbox/batch-approve")
            {
                Content = JsonContent.Create(new { ids, pin = Env(pinEnv) }),
            };
            approve.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            var clicked = Stopwatch.StartNew();
            using var response = await http.SendAsync(approve, ct);
            var seconds = clicked.Elapsed.TotalSeconds;
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
                throw new SigningException("batch-failed", $"HTTP {(int)response.StatusCode}: {body}");
            var result = JsonDocument.Parse(body).RootElement;
            var succeeded = result.GetProperty("succeeded").GetInt32();
            Console.WriteLine($"{$"approval: batch of {n} one-page documents, one PIN",-58} {seconds:F2} s ({n / seconds:F0} docs/s), {succeeded}/{n} signed");
            return succeeded == n ? 0 : 1;
        }));
        return command;
    }

    private static async Task<string> LoginAsync(HttpClient http, string user, string password, string totpCode, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/auth/login", new { userName = user, password, totpCode }, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new SigningException("login-failed", $"Login as {user} failed: HTTP {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString()!;
    }
}
