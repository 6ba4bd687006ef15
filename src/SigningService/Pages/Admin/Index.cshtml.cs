using SigningService.Web;

namespace SigningService.Pages.Admin;

public sealed class AdminHomeModel : UiPageModel
{
    public void OnGet()
    {
    }
}
