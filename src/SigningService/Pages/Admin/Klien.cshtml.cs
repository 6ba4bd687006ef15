using Microsoft.AspNetCore.Mvc;
using SigningService.Api;
using SigningService.Approval;
using SigningService.Web;

namespace SigningService.Pages.Admin;

/// <summary>
/// Issuing systems: create one (its API key and webhook secret appear on the answer to that request only; after that
/// only the key's prefix is known) and revoke a key (it stops working at once).
/// </summary>
public sealed class IssuingClientsModel(IssuingClientAdministration clients, ApprovalAdministration admin) : AdminPageModel
{
    public IReadOnlyList<IssuingClientView> Clients { get; private set; } = [];

    public IReadOnlyList<OpdView> Opds { get; private set; } = [];

    public IssuingClientCreated? Created { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostBuatAsync(string? name, List<string> opds, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || opds.Count == 0)
            Error = "Isi nama sistem dan pilih minimal satu OPD.";
        else if (await TryAsync(async () => Created = await clients.CreateAsync(Me.UserName!, new IssuingClientRequest(name, opds), ct)))
            Done = $"Sistem pengaju {Created!.Client.Name} dibuat. Salin kunci API dan rahasia webhook sekarang: keduanya tidak ditampilkan lagi.";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCabutAsync(Guid id, CancellationToken ct)
    {
        if (await TryAsync(() => clients.RevokeAsync(Me.UserName!, id, ct)))
            Done = "Kunci API dicabut; permintaan dengan kunci itu kini ditolak.";
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Clients = await clients.ListAsync(ct);
        Opds = await admin.OpdsAsync(ct);
    }
}
