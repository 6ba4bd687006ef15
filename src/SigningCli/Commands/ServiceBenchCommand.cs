using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SigningCli.Infrastructure;

namespace SigningCli.Commands;

/// <summary>
/// <c>signing-cli bench-service</c>: submit → signed throughput of a running SigningService over HTTP
/// (issue 4 "Measure"). Submits N copies of a PDF concurrently, waits until all are signed, and reports
/// docs/s and the latency from acceptance to signature, taken from the service's own timestamps
/// (createdAt → updatedAt of the signed document), so polling does not blur it.
/// </summary>
internal static class ServiceBenchCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "Service base URL", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var keyEnv = new Option<string>("--api-key-env") { Description = "Environment variable holding the issuing client's API key", DefaultValueFactory = _ => "SIGNING_API_KEY" };
        var input = new Option<FileInfo>("--input") { Description = "One-page PDF", DefaultValueFactory = _ => new FileInfo("tests/fixtures/samples/permit-a4.pdf") };
        var count = new Option<int>("--count") { Description = "Documents to submit", DefaultValueFactory = _ => 1000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Submissions in flight", DefaultValueFactory = _ => 16 };
        var type = new Option<string>("--document-type") { Description = "An e-seal document type", DefaultValueFactory = _ => "demo-eseal" };
        var warmup = new Option<int>("--warmup") { Description = "Documents submitted and signed first, not measured (JIT warm-up of client and service)", DefaultValueFactory = _ => 0 };
        var rounds = new Option<int>("--rounds") { Description = "Measured rounds of --count documents; each is reported, then the median", DefaultValueFactory = _ => 1 };
        var before = new Option<string?>("--before-each-round")
        {
            Description = "A shell command run (and its output shown) before each measured round, e.g. the engine's batch, so that each round has a figure of its own to compare with",
        };
        var command = new Command("bench-service", "Measure submit → signed throughput and latency of a running service");
        foreach (var o in new Option[] { url, keyEnv, input, count, concurrency, type, warmup, rounds, before })
            command.Options.Add(o);
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            var key = Environment.GetEnvironmentVariable(parse.GetValue(keyEnv)!)
                      ?? throw new Signing.Abstractions.SigningException("api-key-missing", $"Set {parse.GetValue(keyEnv)} to the issuing client's API key.");
            using var http = new HttpClient { BaseAddress = new Uri(parse.GetValue(url)!), Timeout = TimeSpan.FromSeconds(120) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var pdf = await File.ReadAllBytesAsync(parse.GetValue(input)!.FullName, ct);
            var inFlight = parse.GetValue(concurrency);
            if (parse.GetValue(warmup) is > 0 and var warm)
            {
                // Both processes' JIT reaches its optimised tier only after some thousands of calls (tiered
                // PGO); measured before that, the figure was less than half the steady one.
                await RoundAsync(http, pdf, warm, inFlight, parse.GetValue(type)!, ct);
            }

            // On a shared two-core machine one round can be 30 % off the next: every round is shown, and the median.
            var rates = new List<double>();
            for (var r = 1; r <= Math.Max(1, parse.GetValue(rounds)); r++)
            {
                if (parse.GetValue(before) is { Length: > 0 } command)
                    await RunAsync(command, ct);
                rates.Add(await MeasuredRoundAsync(http, pdf, parse.GetValue(count), inFlight, parse.GetValue(type)!, ct));
            }
            if (rates.Count > 1)
                Report($"service: submit → signed, median of {rates.Count} rounds", $"{rates.Order().ElementAt(rates.Count / 2):F0} docs/s");
            return 0;
        }));
        return command;
    }

    private static async Task RunAsync(string command, CancellationToken ct)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command]) { UseShellExecute = false })
                            ?? throw new InvalidOperationException($"Could not start: {command}");
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new Signing.Abstractions.SigningException("bench-failed", $"'{command}' exited with {process.ExitCode}.");
    }

    private static async Task<double> MeasuredRoundAsync(HttpClient http, byte[] pdf, int count, int inFlight, string type, CancellationToken ct)
    {
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var round = await RoundAsync(http, pdf, count, inFlight, type, ct);
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var n = round.Signed.Count;
        var first = round.Signed.Values.Min(d => d.Created);
        var last = round.Signed.Values.Max(d => d.Signed);
        var latencies = round.Signed.Values.Select(d => (d.Signed - d.Created).TotalMilliseconds).Order().ToArray();
        var rate = n / (last - first).TotalSeconds;
        Report($"service: {n} submissions over HTTP, {inFlight} in flight", $"{n / round.SubmitSeconds:F0} accepted/s");
        Report("service: submit → signed throughput", $"{rate:F0} docs/s");
        Report("service: accepted → signed latency p50 / p99",
            $"{latencies[latencies.Length / 2]:F0} ms / {latencies[Math.Min(latencies.Length - 1, latencies.Length * 99 / 100)]:F0} ms");
        Report("  this load generator's own CPU per document", $"{clientCpu.TotalMilliseconds / n:F2} ms (same machine)");
        return rate;
    }

    private sealed record Round(double SubmitSeconds, Dictionary<Guid, (DateTimeOffset Created, DateTimeOffset Signed)> Signed);

    /// <summary>Submits <paramref name="n"/> copies with <paramref name="inFlight"/> at a time, then waits until all are signed.</summary>
    private static async Task<Round> RoundAsync(HttpClient http, byte[] pdf, int n, int inFlight, string type, CancellationToken ct)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var since = DateTimeOffset.UtcNow.AddSeconds(-5); // the round's documents, not every earlier one
        var submitted = Stopwatch.StartNew();
        var ids = new Guid[n];
        await Parallel.ForEachAsync(Enumerable.Range(0, n),
            new ParallelOptions { MaxDegreeOfParallelism = inFlight, CancellationToken = ct },
            async (i, token) => ids[i] = await SubmitAsync(http, pdf, type, $"bench-{run}-{i}", token));
        var submitSeconds = submitted.Elapsed.TotalSeconds;

        // Wait on two counts, not on the whole list: fetching every signed row each time while the worker
        // finishes the last ones loaded the service in exactly the part of the round being timed.
        while (await CountAsync(http, "queued", since, ct) + await CountAsync(http, "signing", since, ct) > 0)
        {
            if (submitted.Elapsed > TimeSpan.FromMinutes(10))
                throw new TimeoutException($"Documents of this round were still unsigned after 10 minutes.");
            await Task.Delay(100, ct);
        }
        var wanted = ids.ToHashSet();
        var done = new Dictionary<Guid, (DateTimeOffset Created, DateTimeOffset Signed)>();
        foreach (var doc in await SignedPageAsync(http, since, ct))
            if (wanted.Contains(doc.Id))
                done[doc.Id] = (doc.CreatedAt, doc.UpdatedAt);
        if (done.Count < n)
            throw new InvalidOperationException($"Only {done.Count} of {n} documents were signed; the others failed (see GET /api/v1/documents?status=failed).");
        return new Round(submitSeconds, done);
    }

    private static async Task<int> CountAsync(HttpClient http, string status, DateTimeOffset since, CancellationToken ct)
    {
        var from = Uri.EscapeDataString(since.ToString("O"));
        var result = await http.GetFromJsonAsync<Page>($"/api/v1/documents?status={status}&from={from}&pageSize=1", ct)
                     ?? throw new InvalidOperationException("Empty answer from the document list.");
        return result.Total;
    }

    private static void Report(string what, string figure) => Console.WriteLine($"{what,-58} {figure}");

    /// <summary>One B-B submission of <paramref name="pdf"/> with the anchor stamp; with <paramref name="apiKey"/> when the client has no default.</summary>
    internal static async Task<Guid> SubmitAsync(
        HttpClient http, byte[] pdf, string type, string key, CancellationToken ct, string? apiKey = null, string title = "Benchmark")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "permit.pdf");
        form.Add(new StringContent(JsonSerializer.Serialize(new
        {
            documentType = type, number = key, title, level = "B-B", placement = new { anchor = "${ttd_kadis}" },
        })), "metadata");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/documents") { Content = form };
        request.Headers.Add("Idempotency-Key", key);
        if (apiKey is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new Signing.Abstractions.SigningException("submission-failed", $"HTTP {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    private sealed record Row(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    private sealed record Page(List<Row> Items, int Total);

    private static async Task<List<Row>> SignedPageAsync(HttpClient http, DateTimeOffset since, CancellationToken ct)
    {
        var rows = new List<Row>();
        var from = Uri.EscapeDataString(since.ToString("O"));
        for (var page = 1; ; page++)
        {
            var result = await http.GetFromJsonAsync<Page>($"/api/v1/documents?status=signed&from={from}&pageSize=200&page={page}", ct)
                         ?? throw new InvalidOperationException("Empty answer from the document list.");
            rows.AddRange(result.Items);
            if (rows.Count >= result.Total || result.Items.Count == 0)
                return rows;
        }
    }
}
