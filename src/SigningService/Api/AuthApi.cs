using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using SigningService.Accounts;
using SigningService.Domain.Approval;
using SigningService.Extensions;

namespace SigningService.Api;

/// <param name="TotpCode">The 6-digit code of the authenticator app (RFC 6238); required for signers.</param>
public sealed record LoginRequest(string? UserName, string? Password, string? TotpCode);

public sealed record MeView(Guid Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, Guid? SignatoryId, string? Position);

/// <summary>
/// Login of officials, paraf staff and admins: password and TOTP code → a short-lived bearer token (ASP.NET
/// Core's bearer token scheme, not a JWT). Issuing-client API keys are a different scheme and never log in here.
/// </summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").RequireRateLimiting(RateLimits.PerClient).WithTags("Accounts");
        group.MapPost("/login", Login).AddEndpointFilter<RefusalFilter>()
            .WithSummary("Log in with user name, password and authenticator code; answers a bearer token")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/two-factor", EnableTwoFactor).AddEndpointFilter<RefusalFilter>()
            .WithSummary("Enrol two-factor login: password and a code from the authenticator key the administrator gave you");
        group.MapGet("/me", Me).RequireAuthorization(ApprovalExtensions.AccountPolicy).AddEndpointFilter<AccountFilter>()
            .WithSummary("The logged-in account");
        return group;
    }

    private static async Task<SignInHttpResult> Login(LoginRequest body, AccountLogin login, CancellationToken ct)
    {
        var principal = await login.LoginAsync(body.UserName, body.Password, body.TotpCode, ct);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<NoContent> EnableTwoFactor(LoginRequest body, AccountLogin login, CancellationToken ct)
    {
        await login.EnableTwoFactorAsync(body.UserName, body.Password, body.TotpCode, ct);
        return TypedResults.NoContent();
    }

    private static Ok<MeView> Me(HttpContext http)
    {
        var me = http.Account();
        var roles = http.User.Claims.Where(c => c.Type == System.Security.Claims.ClaimTypes.Role).Select(c => c.Value).Order().ToList();
        return TypedResults.Ok(new MeView(me.Id, me.UserName ?? "", me.DisplayName, roles, me.SignatoryId, me.Position));
    }
}
