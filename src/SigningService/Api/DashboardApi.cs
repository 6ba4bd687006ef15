using Microsoft.AspNetCore.Http.HttpResults;
using SigningService.Dashboard;
using SigningService.Domain.Approval;
using SigningService.Extensions;

namespace SigningService.Api;

/// <summary>
/// GET /api/v1/dashboard: the SLA dashboard (issue 7) for an account's bearer token. An admin sees every OPD;
/// a signer (a head or acting official) sees their own OPD; other roles are refused.
/// </summary>
public static class DashboardApi
{
    public static RouteHandlerBuilder MapDashboardApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/dashboard", Get)
            .RequireAuthorization(ApprovalExtensions.AccountPolicy)
            .RequireRateLimiting(RateLimits.PerClient)
            .AddEndpointFilter<AccountFilter>()
            .WithTags("Dashboard")
            .WithSummary("Pending, at-risk and overdue documents per OPD and type; median and p90 time to signature; monthly SLA compliance");

    private static async Task<Results<Ok<SlaDashboardView>, ProblemHttpResult>> Get(
        HttpContext http, SlaDashboard dashboard, CancellationToken ct, int months = 6)
    {
        if (months is < 1 or > 24)
            return Problems.Validation("'months' is between 1 and 24.");
        var account = http.Account();
        if (http.User.IsInRole(AccountRoles.Admin))
            return TypedResults.Ok(await dashboard.BuildAsync(null, months, ct));
        if (http.User.IsInRole(AccountRoles.Signer) && account.OpdId is { } opd)
            return TypedResults.Ok(await dashboard.BuildAsync(opd, months, ct));
        return Problems.Of(StatusCodes.Status403Forbidden, "forbidden", "The dashboard is for admins and for signers of an OPD.");
    }
}
