using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SigningService.Options;

namespace SigningService.EndToEnd.Tests;

/// <summary>The issuing client's side of the API, as an integrator would call it.</summary>
public sealed class ServiceClient(Uri baseUrl) : IDisposable
{
    public HttpClient Http { get; } = Create(baseUrl);

    public async Task<JsonElement> SubmitAsync(byte[] pdf, object metadata, string? idempotencyKey = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "permit.pdf");
        form.Add(new StringContent(JsonSerializer.Serialize(metadata)), "metadata");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/documents") { Content = form };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
            throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<JsonElement> WaitSignedAsync(Guid id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var doc = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/documents/{id}");
            if (doc.GetProperty("status").GetString() == "signed")
                return doc;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Document {id} is still {doc.GetProperty("status").GetString()}: {doc}");
            await Task.Delay(100);
        }
    }

    public Task<byte[]> SignedPdfAsync(Guid id) => Http.GetByteArrayAsync($"/api/v1/documents/{id}/file?variant=signed");

    public async Task<JsonElement> VerifyAsync(byte[] pdf, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(pdf), "file", "upload.pdf");
        using var response = await Http.PostAsync("/api/v1/verify", form);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static HttpClient Create(Uri baseUrl)
    {
        var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DevSeedOptions.DefaultIssuingClientApiKey);
        return http;
    }

    public void Dispose() => Http.Dispose();
}
