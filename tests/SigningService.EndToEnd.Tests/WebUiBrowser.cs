using SigningService.Domain.Approval;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using SigningService.Options;
using TestSupport;

namespace SigningService.EndToEnd.Tests;

/// <summary>
/// The running service (its own process: SoftHSM tokens for the e-seal and every official, dev seed accounts) and
/// Debian's chromium driven by Playwright, launched as <see cref="PublicVerificationTests"/> launches it. Each person
/// gets a browser context of their own on a phone-sized screen.
/// </summary>
public sealed class UiFixture : IAsyncLifetime
{
    public const string Password = DevSeedOptions.DefaultOfficialPassword;
    public const string TotpSecret = DevSeedOptions.DefaultTotpSecret;
    public const string Pin = DevIdentity.Pin;

    private static readonly byte[] Permit = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "tests", "fixtures", "samples", "permit-a4.pdf"));

    private readonly TempDir _data = new();
    private IPlaywright? _playwright;

    public ServiceProcess Service { get; private set; } = null!;

    public ServiceClient Client { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public WebhookSink Webhooks { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Webhooks = await WebhookSink.StartAsync();
        Service = await ServiceProcess.StartAsync(_data.Path, ServiceProcess.FreePort(), new Dictionary<string, string>
        {
            // Officials' keys are on SoftHSM tokens too (Keys:Pkcs11Module): the PIN typed in the browser goes to C_Login.
            ["Webhooks__IntervalSeconds"] = "1",
            // Each request's method, path, status and time, for the message of a login step that did not lead on.
            ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        });
        Client = new ServiceClient(Service.BaseUrl);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"],
        });
    }

    /// <summary>A fresh browser (context) for one person, logged in through /masuk and /masuk/2fa with password and TOTP.</summary>
    public async Task<IPage> LoginAsync(string userName)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Service.BaseUrl.ToString(), ViewportSize = new ViewportSize { Width = 390, Height = 844 }, AcceptDownloads = true,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        Assert.EndsWith("/masuk", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await page.FillAsync("input[name=userName]", userName);
        await page.FillAsync("input[name=password]", Password);
        await page.ClickAsync("#form-masuk button[type=submit]");
        // Waiting for an element of the next page, not with WaitForURLAsync: when the URL already matches, that waits for
        // the 'load' event, and the .NET client can miss one that arrives while it subscribes (seen under load: the
        // page was there, the waiter logged only "NetworkIdle event fired", and it timed out after 30 s).
        await StepAsync(page, userName, "password", () => page.Locator("#form-2fa").WaitForAsync());
        await page.FillAsync("input[name=code]", Totp.Code(TotpSecret));
        await page.ClickAsync("#form-2fa button[type=submit]");
        await StepAsync(page, userName, "authenticator code", () => page.Locator("header .who").WaitForAsync()); // only a session's pages name their person
        Assert.False(new Uri(page.Url).AbsolutePath.StartsWith("/masuk", StringComparison.Ordinal), page.Url);
        await page.WaitForFunctionAsync("document.readyState !== 'loading'"); // the whole page parsed, so a count of its items is final
        return page;
    }

    /// <summary>A login step that did not lead on fails with what the page showed and what the service logged.</summary>
    private async Task StepAsync(IPage page, string userName, string step, Func<Task> waitForNextPage)
    {
        try
        {
            await waitForNextPage();
        }
        catch (Exception e) when (e is System.TimeoutException or PlaywrightException)
        {
            var shown = await page.Locator("#pesan").CountAsync() > 0 ? await page.InnerTextAsync("#pesan") : "(no message)";
            throw new System.TimeoutException(
                $"The {step} step of {userName}'s login did not lead on: the page is {page.Url} and says {shown}.\n" +
                $"The service's log ends:\n{Service.LogTail(40)}", e);
        }
    }

    /// <summary>A document for an official's approval, submitted by the dev issuing client.</summary>
    public async Task<Guid> SubmitAsync(string type, string number, string? callbackUrl = null)
    {
        var submitted = await Client.SubmitAsync(Permit, new
        {
            documentType = type, number, title = "Izin Usaha Mikro", holderName = "Siti Aminah", holderNik = "3573011234560001",
            placement = new { anchor = "${ttd_kadis}" }, level = "B-B", callbackUrl,
        });
        return submitted.GetProperty("id").GetGuid();
    }

    /// <summary>The document's status as the issuing system sees it.</summary>
    public async Task<string> StatusAsync(Guid id) =>
        JsonDocument.Parse(await Client.Http.GetStringAsync($"/api/v1/documents/{id}")).RootElement.GetProperty("status").GetString()!;

    /// <summary>Downloads the signed PDF through the page's own link (the person's session) into <paramref name="folder"/>.</summary>
    public static async Task<string> DownloadSignedAsync(IPage page, Guid id, TempDir folder)
    {
        var response = await page.Context.APIRequest.GetAsync($"/dokumen/{id}/berkas?varian=ttd");
        Assert.Equal(200, response.Status);
        Assert.Equal("application/pdf", response.Headers["content-type"]);
        var path = folder.File($"{id}.pdf");
        await File.WriteAllBytesAsync(path, await response.BodyAsync());
        return path;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        Client?.Dispose();
        if (Service is not null)
            await Service.DisposeAsync();
        if (Webhooks is not null)
            await Webhooks.DisposeAsync();
        _data.Dispose();
    }
}

/// <summary>An issuing system's webhook endpoint on a loopback port: records each POST's event and JSON body.</summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string? Event, JsonElement Body)> _received = new();

    private WebhookSink(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public static async Task<WebhookSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new WebhookSink(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            var body = await JsonDocument.ParseAsync(context.Request.Body);
            sink._received.Enqueue((context.Request.Headers["X-Webhook-Event"], body.RootElement.Clone()));
            return Results.Ok();
        });
        await app.StartAsync();
        sink.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        return sink;
    }

    /// <summary>The "document" object of the first <paramref name="eventName"/> webhook about <paramref name="id"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string eventName, Guid id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (name, body) in _received)
            {
                var document = body.GetProperty("document");
                if (name == eventName && document.GetProperty("id").GetString() == id.ToString())
                    return document;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"No {eventName} webhook for {id}; received: {string.Join(", ", _received.Select(r => r.Event))}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
