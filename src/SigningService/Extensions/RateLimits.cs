using System.Security.Claims;
using System.Threading.RateLimiting;
using SigningService.Api;
using SigningService.Options;

namespace SigningService.Extensions;

public static class RateLimits
{
    public const string PerClient = "per-client";

    /// <summary>A fixed window per issuing client (per address before authentication); 429 as problem+json.</summary>
    public static void AddRateLimits(this WebApplicationBuilder builder)
    {
        var perMinute = builder.Configuration.GetValue<int?>("Api:RequestsPerMinute") ?? new ApiOptions().RequestsPerMinute;
        builder.Services.AddRateLimiter(o =>
        {
            o.AddPolicy(PerClient, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.FindFirstValue(ApiKeyAuthenticationHandler.ClientIdClaim) ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
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
}
