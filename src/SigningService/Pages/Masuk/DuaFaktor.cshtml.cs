using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SigningService.Accounts;
using SigningService.Approval;
using SigningService.Web;

namespace SigningService.Pages.Masuk;

/// <summary>Step 2: the authenticator code (RFC 6238) of the account whose password was just checked.</summary>
public sealed class TwoFactorModel(AccountLogin login) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await LoginSteps.PendingAsync(HttpContext, login, SecondStep.Totp) is null ? RedirectToPage("/Masuk/Index") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var code = PostedSecret.Read(Request, "code"); // a one-time code, but kept out of Trace logs all the same
        var account = await LoginSteps.PendingAsync(HttpContext, login, SecondStep.Totp);
        if (account is null)
            return RedirectToPage("/Masuk/Index");
        try
        {
            await LoginSteps.FinishAsync(HttpContext, await login.TotpStepAsync(account, code, ct));
            return LocalRedirect(LoginSteps.Target(Url, ReturnUrl));
        }
        catch (RequestRefusedException)
        {
            Error = "Kode salah atau sudah kedaluwarsa. Masukkan kode yang sedang tampil di aplikasi autentikator.";
            return Page();
        }
    }
}
