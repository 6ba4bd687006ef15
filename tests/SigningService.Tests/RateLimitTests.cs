using System.Globalization;
using System.Net;

namespace SigningService.Tests;

/// <summary>
/// An app of its own that allows <see cref="RateLimitedApp.PerMinute"/> requests a minute. Each budget is a fixed
/// window that starts with its first request, and every test here is done within seconds of it.
/// </summary>
public sealed class RateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    [Fact]
    public async Task An_issuing_client_over_its_budget_gets_429_rate_limited_with_retry_after_while_another_client_is_still_served()
    {
        var busy = await app.CreateIssuingClientAsync("rate-busy");
        var other = await app.CreateIssuingClientAsync("rate-other");
        using var busyClient = app.Client(busy.ApiKey);
        for (var i = 0; i < RateLimitedApp.PerMinute; i++)
        {
            using var served = await busyClient.GetAsync("/api/v1/documents");
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        using var refused = await busyClient.GetAsync("/api/v1/documents");
        await Api.ExpectProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate-limited");
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);

        using var otherClient = app.Client(other.ApiKey);
        using var stillServed = await otherClient.GetAsync("/api/v1/documents");
        Assert.Equal(HttpStatusCode.OK, stillServed.StatusCode);
    }

    [Fact]
    public async Task Officials_signed_in_from_one_office_address_each_have_a_budget_of_their_own()
    {
        // Both log in from the same (test server) address; after that, each request counts for its official.
        using var kadis = await Inbox.LoginAsync(app, "kadis");
        using var kabid = await Inbox.LoginAsync(app, "kabid");
        for (var i = 0; i < RateLimitedApp.PerMinute; i++)
            await Inbox.ListAsync(kadis);

        using var refused = await kadis.GetAsync("/api/v1/inbox");
        await Api.ExpectProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate-limited");

        await Inbox.ListAsync(kabid); // insists on 200
    }
}

public sealed class RateLimitedApp() : ServiceApp(Provider.Sqlite)
{
    public const int PerMinute = 5;

    protected override void Configure(Dictionary<string, string> settings) =>
        settings["Api:RequestsPerMinute"] = PerMinute.ToString(CultureInfo.InvariantCulture);
}
