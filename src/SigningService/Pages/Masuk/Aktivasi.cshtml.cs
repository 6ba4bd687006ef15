using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SigningService.Accounts;
using SigningService.Approval;
using SigningService.Domain.Approval;
using SigningService.Web;

namespace SigningService.Pages.Masuk;

/// <summary>
/// Enrolment of a signer who has no authenticator yet (after a correct password): the key as base32, otpauth URI
/// and QR code; a code from the app turns two-factor login on and logs in. An enrolled key is never shown again.
/// </summary>
public sealed partial class EnrolModel(AccountLogin login) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public string KeyGroups { get; private set; } = "";

    public string Uri { get; private set; } = "";

    public string QrSvg { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        var account = await LoginSteps.PendingAsync(HttpContext, login, SecondStep.Enrol);
        if (account is null)
            return RedirectToPage("/Masuk/Index");
        await ShowKeyAsync(account);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var code = PostedSecret.Read(Request, "code"); // a one-time code, but kept out of Trace logs all the same
        var account = await LoginSteps.PendingAsync(HttpContext, login, SecondStep.Enrol);
        if (account is null)
            return RedirectToPage("/Masuk/Index");
        try
        {
            await LoginSteps.FinishAsync(HttpContext, await login.EnrolStepAsync(account, code, ct));
            return LocalRedirect(LoginSteps.Target(Url, ReturnUrl));
        }
        catch (RequestRefusedException)
        {
            // A wrong code counts towards the lockout; a locked account cannot go on.
            if (await LoginSteps.PendingAsync(HttpContext, login, SecondStep.Enrol) is not { } still)
                return RedirectToPage("/Masuk/Index");
            Error = "Kode salah. Pastikan jam ponsel tepat, lalu masukkan kode yang sedang tampil.";
            await ShowKeyAsync(still);
            return Page();
        }
    }

    private async Task ShowKeyAsync(Account account)
    {
        var (key, uri) = await login.EnrolmentKeyAsync(account);
        // A key made just now gave the account a new security stamp: the partial login must carry that one.
        await LoginSteps.BeginSecondStepAsync(HttpContext, account, SecondStep.Enrol);
        KeyGroups = string.Join(' ', FourCharacters().Matches(key).Select(m => m.Value)).ToLowerInvariant();
        Uri = uri;
        QrSvg = Web.QrSvg.Render(uri, "Kode QR kunci autentikator");
    }

    [GeneratedRegex(".{1,4}")]
    private static partial Regex FourCharacters();
}
