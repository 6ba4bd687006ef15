using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Extensions;
using TestSupport;

namespace SigningService.EndToEnd.Tests;

/// <summary>
/// Issue 4, "Nothing lost": 50 concurrent submissions over HTTP, signed by the worker with a SoftHSM e-seal;
/// the service is killed with SIGKILL mid-way and started again on the same data. Every document ends
/// signed exactly once, each signed PDF passes pdfsig and qpdf, and the audit chain verifies.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const int Documents = 50;

    [Fact]
    public async Task Fifty_concurrent_submissions_survive_a_SIGKILL_and_each_is_signed_exactly_once()
    {
        using var data = new TempDir();
        var port = ServiceProcess.FreePort();
        var pdf = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Root, "tests", "fixtures", "samples", "permit-a4.pdf"));
        var answered = new ConcurrentDictionary<int, Guid>();
        int signedBeforeKill;

        await using (var first = await ServiceProcess.StartAsync(data.Path, port))
        {
            using var client = new ServiceClient(first.BaseUrl);
            var http = client.Http;
            var submissions = Enumerable.Range(0, Documents).Select(async i =>
            {
                try
                {
                    answered[i] = await SubmitAsync(client, pdf, i);
                }
                catch (HttpRequestException)
                {
                    // The process died under this request: the client does not know the outcome and will retry.
                }
                catch (TaskCanceledException)
                {
                }
            }).ToList();

            // Kill while submissions are still arriving and the worker is signing.
            await WaitUntilAsync(() => answered.Count >= Documents / 2, TimeSpan.FromSeconds(60));
            signedBeforeKill = await CountSignedAsync(http);
            first.KillHard();
            await Task.WhenAll(submissions);
        }
        Assert.True(signedBeforeKill < Documents, "the kill should land before every document was signed");

        await using var second = await ServiceProcess.StartAsync(data.Path, port);
        using (var client = new ServiceClient(second.BaseUrl))
        {
            var http = client.Http;
            // A client that got no answer retries with the same Idempotency-Key: it gets the same document if it exists.
            foreach (var i in Enumerable.Range(0, Documents).Where(i => !answered.ContainsKey(i)))
                answered[i] = await SubmitAsync(client, pdf, i);
            await WaitUntilAsync(async () => await CountSignedAsync(http) == Documents, TimeSpan.FromSeconds(120), second);

            Assert.Equal(Documents, answered.Values.Distinct().Count());
            foreach (var id in answered.Values)
                await AssertSignedPdfIsValidAsync(http, id);
        }

        await using var db = Database(data.Path);
        Assert.Equal(Documents, await db.Documents.CountAsync());
        Assert.All(await db.Documents.ToListAsync(), d => Assert.Equal(DocumentStatus.Signed, d.Status));
        var signedEvents = await db.AuditEvents.Where(e => e.Action == "document.signed").Select(e => e.DocumentId).ToListAsync();
        Assert.Equal(Documents, signedEvents.Count);
        Assert.Equal(Documents, signedEvents.Distinct().Count());
        var chain = await db.AuditEvents.OrderBy(e => e.Sequence).ToListAsync();
        Assert.Null(AuditChain.Verify(chain, out var checkedRows));
        Assert.True(checkedRows > Documents);
    }

    private static async Task<Guid> SubmitAsync(ServiceClient client, byte[] pdf, int i)
    {
        var metadata = new
        {
            documentType = "demo-eseal", number = $"503/{i:D3}/E2E/2026", title = "Surat Keterangan Usaha", holderName = "Siti Aminah",
            level = "B-T", placement = new { anchor = "${ttd_kadis}" },
        };
        return (await client.SubmitAsync(pdf, metadata, $"e2e-{i}")).GetProperty("id").GetGuid();
    }

    private static async Task<int> CountSignedAsync(HttpClient http)
    {
        var page = await http.GetFromJsonAsync<JsonElement>("/api/v1/documents?status=signed&pageSize=1");
        return page.GetProperty("total").GetInt32();
    }

    private static async Task AssertSignedPdfIsValidAsync(HttpClient http, Guid id)
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "signed.pdf");
        await File.WriteAllBytesAsync(path, await http.GetByteArrayAsync($"/api/v1/documents/{id}/file?variant=signed"));
        var signatures = IndependentValidators.Pdfsig(path);
        var only = Assert.Single(signatures);
        Assert.True(only.SignatureValid && only.CertificateTrusted, only.Block);
        var (exit, warnings) = IndependentValidators.QpdfCheck(path);
        Assert.True(exit == 0, string.Join('\n', warnings));
    }

    private static SqliteSigningDbContext Database(string dataFolder) =>
        new(new DbContextOptionsBuilder<SqliteSigningDbContext>().UseSqlite($"Data Source={Path.Combine(dataFolder, "signing.db")}").Options);

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("Condition not met in time.");
            await Task.Delay(10);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, ServiceProcess service)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Not every document was signed in time. Service log:\n{service.Log}");
            await Task.Delay(200);
        }
    }
}
