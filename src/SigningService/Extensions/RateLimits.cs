using System.Security.Claims;
using System.Threading.RateLimiting;
using SigningService.Api;
using SigningService.Options;

namespace SigningService.Extensions;

public static class RateLimits
{
    public const string PerClient = "per-client";

    /// <summary>
    /// A fixed window per issuing client, per signed-in official (web UI and inbox API), and per address before
    /// authentication; 429 as problem+json. Officials get their own budget because an OPD's staff usually reach us
    /// from one office address: sharing it, one person's batch approval could lock out the whole office.
    /// </summary>
    public static void AddRateLimits(this WebApplicationBuilder builder)
    {
        var perMinute = builder.Configuration.GetValue<int?>("Api:RequestsPerMinute") ?? new ApiOptions().RequestsPerMinute;
        builder.Services.AddRateLimiter(o =>
        {
            o.AddPolicy(PerClient, context => RateLimitPartition.GetFixedWindowLimiter(
                PartitionOf(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                await Problems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "rate-limited",
                    $"More than {perMinute} requests per minute from this client; slow down and retry later.");
            };
        });
    }

    /// <summary>
    /// Who is asking: the API-key client or the official that authorization has already put on the request
    /// (UseRateLimiter runs after UseAuthorization), else the remote address.
    /// </summary>
    private static string PartitionOf(HttpContext context)
    {
        if (context.User.FindFirstValue(ApiKeyAuthenticationHandler.ClientIdClaim) is { } client)
            return "client:" + client;
        if (context.User.Identity?.IsAuthenticated == true && context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } account)
            return "account:" + account;
        return "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
