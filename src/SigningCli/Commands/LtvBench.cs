using System.Diagnostics;
using Signing.Abstractions;
using Signing.Cms;
using Signing.Cms.Revocation;
using Signing.Cms.Tsp;
using Signing.Core.Ltv;
using Signing.Core.Signing;
using Signing.DevServices;

namespace SigningCli.Commands;

/// <summary>
/// Issue 3's figure: per-document cost of B-LTA versus B-B over a batch of 200, with the dev TSA and OCSP
/// responder on loopback, and how often revocation data was actually fetched (once per certificate).
/// </summary>
internal static class LtvBench
{
    private const int Documents = 200;

    public static async Task Run(SigningBench bench, IRawSigner signer, byte[] pdf, CancellationToken ct)
    {
        var state = Directory.CreateTempSubdirectory("bench-devpki-");
        try
        {
            var authority = DevAuthority.Load("certs-dev", state.FullName);
            await using var server = await DevPkiServer.StartAsync(authority, ct: ct);
            using var http = new HttpClient();
            var revocation = new RevocationFetcher(http, new RevocationFetcherOptions { Rewrite = server.Rewrite });
            var services = new LtvServices(new TimestampClient(http, new TimestampClientOptions { Url = server.TsaUrl }), revocation);

            // Warm up first (JIT tiering, connection pool, caches), so the figures are steady-state costs.
            await Measure(signer, pdf, SignatureLevel.BLTA, services, ct);
            var bb = await Measure(signer, pdf, SignatureLevel.BB, services, ct);
            var lta = await Measure(signer, pdf, SignatureLevel.BLTA, services, ct);
            bench.Report($"B-B,   {Documents} docs sequentially: per document", $"{bb:F2} ms");
            bench.Report($"B-LTA, {Documents} docs sequentially: per document", $"{lta:F2} ms (2 TSA round trips each)");
            bench.Report("  revocation fetches / cache hits over all three batches", $"{revocation.Cache.Fetches} / {revocation.Cache.CacheHits}");
            var tsaOnly = await MeasureTsa(services.Timestamps, ct);
            bench.Report("  one dev TSA round trip on loopback", $"{tsaOnly:F2} ms");
            bench.Report("  share of B-LTA time spent in the 2 TSA round trips", $"{2 * tsaOnly / lta:P0}");
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    private static async Task<double> Measure(IRawSigner signer, byte[] pdf, SignatureLevel level, LtvServices services, CancellationToken ct)
    {
        var request = new SignRequest { Level = level, Reason = "bench" };
        var pdfSigner = new PdfSigner();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < Documents; i++)
        {
            var output = new MemoryStream();
            await pdfSigner.SignAsync(new MemoryStream(pdf, writable: false), output, signer, request, services, ct);
        }
        return watch.Elapsed.TotalMilliseconds / Documents;
    }

    private static async Task<double> MeasureTsa(TimestampClient tsa, CancellationToken ct)
    {
        var digest = new byte[32];
        for (int i = 0; i < 50; i++)
        {
            await tsa.RequestAsync(digest, DigestAlgorithm.Sha256, ct);
        }
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < 50; i++)
        {
            await tsa.RequestAsync(digest, DigestAlgorithm.Sha256, ct);
        }
        return watch.Elapsed.TotalMilliseconds / 50;
    }
}
