using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SigningService.Tests;

/// <summary>One POST the receiver got: headers of interest and the raw body.</summary>
public sealed record ReceivedWebhook(string Path, string? Id, string? Event, string? Signature, string Body)
{
    public JsonElement Payload => JsonDocument.Parse(Body).RootElement.Clone();

    public string DocumentId => Payload.GetProperty("document").GetProperty("id").GetString()!;
}

/// <summary>
/// An issuing system's webhook endpoint: Kestrel on a free loopback port, recording every POST and
/// answering <see cref="StatusCode"/> (which a test may change, e.g. 500 to make deliveries fail).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private volatile int _statusCode = StatusCodes.Status200OK;

    private WebhookReceiver(WebApplication app) => _app = app;

    public int StatusCode
    {
        get => _statusCode;
        set => _statusCode = value;
    }

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public string Url(string path) => BaseUrl.TrimEnd('/') + path;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers;
            receiver._received.Enqueue(new ReceivedWebhook(context.Request.Path, headers["X-Webhook-Id"], headers["X-Webhook-Event"],
                headers["X-Webhook-Signature"], body));
            return Results.StatusCode(receiver.StatusCode);
        });
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> received POSTs match; fails with what did arrive otherwise.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<ReceivedWebhook, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var matching = Received.Where(match).ToList();
            if (matching.Count >= count)
                return matching;
            if (watch.Elapsed > (timeout ?? TimeSpan.FromSeconds(60)))
                Assert.Fail($"{matching.Count} of {count} webhooks arrived in {watch.Elapsed}; received: " +
                            string.Join("; ", Received.Select(r => $"{r.Event} {r.Path}")));
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
