using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SigningService.Api;
using TestSupport;

namespace SigningService.Tests;

/// <summary>What the tests send: fixtures, metadata and the multipart submission.</summary>
public static class Sample
{
    public const string ESealType = "demo-eseal";
    public const string KadisType = "demo-kadis";
    public const string Anchor = "${ttd_kadis}";

    /// <summary>A one-page A4 permit carrying the anchor text ${ttd_kadis} (tests/fixtures/samples).</summary>
    public static byte[] Permit => File.ReadAllBytes(Path.Combine(RepoPaths.Root, "tests", "fixtures", "samples", "permit-a4.pdf"));

    public static byte[] Bad(string name) => File.ReadAllBytes(Path.Combine(RepoPaths.BadFixtures, name));

    public static SubmissionMetadata Metadata(string type = ESealType, string? callbackUrl = null) => new()
    {
        DocumentType = type,
        Number = $"503/{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}/DPMPTSP/2026",
        Title = "Surat Keterangan Usaha",
        HolderName = "Siti Rahayu",
        HolderNik = "3573015505900001",
        IssueDate = new DateOnly(2026, 11, 2),
        ExpiryDate = new DateOnly(2031, 11, 2),
        PublicFacts = new Dictionary<string, string> { ["Nama usaha"] = "Toko Sinar Jaya" },
        Placement = new PlacementRequest { Anchor = Anchor },
        CallbackUrl = callbackUrl,
    };
}

public static class Api
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<HttpResponseMessage> SubmitAsync(
        HttpClient client, byte[]? pdf, SubmissionMetadata metadata, string? idempotencyKey = null, string fileName = "permit.pdf") =>
        SubmitRawAsync(client, pdf, JsonSerializer.Serialize(metadata, Json), idempotencyKey, fileName);

    /// <summary>multipart/form-data with a 'file' part (when <paramref name="pdf"/> is given) and a 'metadata' part (when given).</summary>
    public static async Task<HttpResponseMessage> SubmitRawAsync(
        HttpClient client, byte[]? pdf, string? metadata, string? idempotencyKey = null, string fileName = "permit.pdf")
    {
        using var form = new MultipartFormDataContent();
        if (pdf is not null)
        {
            var file = new ByteArrayContent(pdf);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "file", fileName);
        }
        if (metadata is not null)
        {
            form.Add(new StringContent(metadata, Encoding.UTF8, "application/json"), "metadata");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/documents") { Content = form };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return await client.SendAsync(request);
    }

    /// <summary>Submits and insists on 201 Created; returns the document.</summary>
    public static async Task<DocumentView> SubmitCreatedAsync(HttpClient client, byte[] pdf, SubmissionMetadata metadata, string? idempotencyKey = null)
    {
        using var response = await SubmitAsync(client, pdf, metadata, idempotencyKey);
        return await ExpectDocumentAsync(response, HttpStatusCode.Created);
    }

    public static async Task<DocumentView> ExpectDocumentAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<DocumentView>(body, Json) ?? throw new InvalidOperationException("empty body");
    }

    public static async Task<DocumentView> GetAsync(HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"/api/v1/documents/{id}");
        return await ExpectDocumentAsync(response, HttpStatusCode.OK);
    }

    public static async Task<HttpResponseMessage> RevokeAsync(HttpClient client, Guid id, string? reason) =>
        await client.PostAsJsonAsync($"/api/v1/documents/{id}/revoke", new { reason }, Json);

    /// <summary>Polls the document until it has <paramref name="status"/>; fails with its last state otherwise.</summary>
    public static async Task<DocumentView> WaitForStatusAsync(HttpClient client, Guid id, string status, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        while (true)
        {
            var document = await GetAsync(client, id);
            if (document.Status == status)
                return document;
            if (watch.Elapsed > limit)
                Assert.Fail($"document {id} is still {document.Status} after {watch.Elapsed} (waited for {status}); last error: {document.LastError}");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Asserts an RFC 9457 problem with <paramref name="status"/> and extension code <paramref name="code"/>,
    /// which is never a 500 and never carries a stack trace or exception; returns it.
    /// </summary>
    public static async Task<JsonElement> ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        AssertNoLeak(response, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), "a problem's detail names what is wrong");
        return problem;
    }

    public static void AssertNoLeak(HttpResponseMessage response, string body)
    {
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        foreach (var marker in new[] { "   at ", ".cs:line", "StackTrace", "stackTrace", "Exception:", "\"exception\"" })
        {
            Assert.DoesNotContain(marker, body, StringComparison.Ordinal);
        }
    }

    public static async Task<byte[]> DownloadAsync(HttpClient client, Guid id, string variant)
    {
        using var response = await client.GetAsync($"/api/v1/documents/{id}/file?variant={variant}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
