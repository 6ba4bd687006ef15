using Signing.Abstractions;
using SigningService.Accounts;
using SigningService.Approval;
using SigningService.Domain.Approval;

namespace SigningService.Api;

/// <summary>Turns a service's refusal (or a key the official could not open) into the problem+json the API promises.</summary>
public sealed class RefusalFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (RequestRefusedException e)
        {
            return Problems.Of(e.Status, e.Code, e.Message, e.Extra);
        }
        catch (KeyAccessException e)
        {
            return Problems.FromKeyAccess(e);
        }
    }
}

/// <summary>
/// For account endpoints: the account behind the bearer token, read afresh (deactivated or reset accounts are
/// refused at once), made available as <see cref="AccountEndpoints.Account"/>; refusals as problem+json.
/// </summary>
public sealed class AccountFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var account = await http.RequestServices.GetRequiredService<CurrentAccount>().FindAsync(http.User, http.RequestAborted);
        if (account is null)
            return Problems.Of(StatusCodes.Status401Unauthorized, "unauthorized", "The session is no longer valid (the account was changed or switched off): log in again.");
        http.Items[typeof(Account)] = account;
        return await new RefusalFilter().InvokeAsync(context, next);
    }
}

public static class AccountEndpoints
{
    /// <summary>The logged-in account (set by <see cref="AccountFilter"/>).</summary>
    public static Account Account(this HttpContext http) =>
        http.Items[typeof(Account)] as Account ?? throw new InvalidOperationException("The endpoint has no AccountFilter.");

    public static string UserName(this HttpContext http) => http.Account().UserName ?? "";
}
