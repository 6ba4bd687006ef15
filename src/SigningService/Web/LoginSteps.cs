using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SigningService.Accounts;
using SigningService.Domain.Approval;
using SigningService.Extensions;

namespace SigningService.Web;

/// <summary>
/// The UI's login in steps. After a correct password the browser holds only a short-lived partial cookie naming
/// the account, its security stamp and the step it may take next (authenticator code or enrolment); the
/// session cookie is issued when that step succeeds. A reset or deactivated account (new stamp) cannot go on.
/// </summary>
public static class LoginSteps
{
    private const string StampClaim = "tte:stamp";
    private const string NextClaim = "tte:next";

    public static async Task BeginSecondStepAsync(HttpContext http, Account account, SecondStep next)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, account.Id.ToString()),
            new Claim(StampClaim, account.SecurityStamp ?? ""),
            new Claim(NextClaim, next.ToString()),
        ], WebUiExtensions.PartialLoginScheme);
        await http.SignInAsync(WebUiExtensions.PartialLoginScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>The account whose password step led to <paramref name="expected"/>, if it may still go on; else null.</summary>
    public static async Task<Account?> PendingAsync(HttpContext http, AccountLogin login, SecondStep expected)
    {
        var partial = await http.AuthenticateAsync(WebUiExtensions.PartialLoginScheme);
        if (!partial.Succeeded || partial.Principal.FindFirstValue(NextClaim) != expected.ToString()
            || !Guid.TryParse(partial.Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
            return null;
        return await login.PendingAsync(id, partial.Principal.FindFirstValue(StampClaim));
    }

    /// <summary>Ends the partial login and starts the session (a browser-session cookie with a sliding lifetime).</summary>
    public static async Task FinishAsync(HttpContext http, ClaimsPrincipal principal)
    {
        await http.SignOutAsync(WebUiExtensions.PartialLoginScheme);
        await http.SignInAsync(IdentityConstants.ApplicationScheme, principal, new AuthenticationProperties { IsPersistent = false });
    }

    public static async Task SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(WebUiExtensions.PartialLoginScheme);
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    /// <summary>Where to go after logging in: the page that sent the person here if it is on this site, else the start page.</summary>
    public static string Target(IUrlHelper url, string? returnUrl) => url.IsLocalUrl(returnUrl) ? returnUrl! : "/";
}
