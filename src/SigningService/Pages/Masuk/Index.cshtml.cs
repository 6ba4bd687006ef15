using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SigningService.Accounts;
using SigningService.Approval;
using SigningService.Web;

namespace SigningService.Pages.Masuk;

/// <summary>Step 1: user name and password. Then the authenticator code, enrolment, or (no two-factor needed) the session.</summary>
public sealed class LoginModel(AccountLogin login) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? UserName { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if ((await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Succeeded)
            return LocalRedirect(LoginSteps.Target(Url, ReturnUrl));
        await LoginSteps.SignOutAsync(HttpContext);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var step = await login.PasswordStepAsync(UserName, PostedSecret.Read(Request, "password"), ct);
            if (step.Principal is not null)
            {
                await LoginSteps.FinishAsync(HttpContext, step.Principal);
                return LocalRedirect(LoginSteps.Target(Url, ReturnUrl));
            }
            await LoginSteps.BeginSecondStepAsync(HttpContext, step.Account, step.Next);
            var next = step.Next == SecondStep.Totp ? "/masuk/2fa" : "/masuk/aktifkan-2fa";
            return LocalRedirect($"{next}?returnUrl={Uri.EscapeDataString(LoginSteps.Target(Url, ReturnUrl))}");
        }
        catch (RequestRefusedException)
        {
            Error = UiText.LoginFailed;
            return Page();
        }
    }
}
