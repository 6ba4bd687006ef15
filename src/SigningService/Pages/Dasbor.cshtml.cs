using Microsoft.AspNetCore.Mvc;
using SigningService.Dashboard;
using SigningService.Domain.Approval;
using SigningService.Web;

namespace SigningService.Pages;

/// <summary>The SLA dashboard (issue 7): every OPD for an admin, their own OPD for a signer; others are refused.</summary>
public sealed class DashboardModel(SlaDashboard dashboard) : UiPageModel
{
    public const int Months = 6;

    public SlaDashboardView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.IsInRole(AccountRoles.Admin))
            View = await dashboard.BuildAsync(null, Months, ct);
        else if (User.IsInRole(AccountRoles.Signer) && Me.OpdId is { } opd)
            View = await dashboard.BuildAsync(opd, Months, ct);
        else
            return Forbid();
        return Page();
    }

    /// <summary>"12,5" — Indonesian decimal comma; "—" when there is nothing to measure.</summary>
    public static string Figure(double? value, string unit = "") =>
        value is { } v ? v.ToString("0.#", System.Globalization.CultureInfo.GetCultureInfo("id-ID")) + unit : "—";
}
