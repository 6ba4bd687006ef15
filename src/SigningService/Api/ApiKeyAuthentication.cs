using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SigningService.Data;

namespace SigningService.Api;

/// <summary>
/// "Authorization: Bearer &lt;api key&gt;" for issuing clients. Only the SHA-256 of a key is stored; the
/// look-up is by that hash, through <see cref="ReferenceDataCache"/>. A revoked key is treated like an
/// unknown one: at once when revoked through this instance, within the cache's lifetime through another.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, SigningDbContext db,
    ReferenceDataCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ClientIdClaim = "issuing_client";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var hash = ApiKeys.Hash(header["Bearer ".Length..].Trim());
        var client = await cache.GetAsync(new ApiKeyLookup(hash), ct => db.IssuingClients.AsNoTracking()
            .Where(c => c.ApiKeyHash == hash && c.RevokedAt == null)
            .Select(c => new KnownClient(c.Id, c.Name))
            .SingleOrDefaultAsync(ct), Context.RequestAborted);
        if (client is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClientIdClaim, client.Id.ToString()), new Claim(ClaimTypes.Name, client.Name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private sealed record ApiKeyLookup(string Hash);

    private sealed record KnownClient(Guid Id, string Name);

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.Write(Context, StatusCodes.Status401Unauthorized, "unauthorized",
            "A valid API key is required: send it as 'Authorization: Bearer <key>'.");
    }
}

public static class ApiKeys
{
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A new key: "sk_" and 43 base64url characters (256 random bits).</summary>
    public static string Create() =>
        "sk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Prefix(string key) => key.Length <= 10 ? key : key[..10];

    public static Guid ClientId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.ClientIdClaim)
                   ?? throw new InvalidOperationException("Not an issuing client."));
}
