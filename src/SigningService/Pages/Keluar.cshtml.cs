using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SigningService.Web;

namespace SigningService.Pages;

/// <summary>Ends the session (POST with the antiforgery token, so no other site can log anyone out).</summary>
public sealed class LogoutModel : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await LoginSteps.SignOutAsync(HttpContext);
        return RedirectToPage("/Masuk/Index");
    }
}
