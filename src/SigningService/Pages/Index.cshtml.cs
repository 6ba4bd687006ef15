using Microsoft.AspNetCore.Mvc;
using SigningService.Domain.Approval;
using SigningService.Web;

namespace SigningService.Pages;

/// <summary>The start page sends each account where its work is: the inbox, the administration, or (a viewer) a note.</summary>
public sealed class HomeModel : UiPageModel
{
    public IReadOnlyList<string> Roles { get; private set; } = [];

    public IActionResult OnGet()
    {
        if (User.IsInRole(AccountRoles.Signer) || User.IsInRole(AccountRoles.Paraf))
            return RedirectToPage("/KotakMasuk");
        if (User.IsInRole(AccountRoles.Admin))
            return RedirectToPage("/Admin/Index");
        Roles = AccountRoles.All.Where(User.IsInRole).ToList();
        return Page();
    }
}
