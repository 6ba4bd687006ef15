using Microsoft.AspNetCore.Mvc;
using SigningService.Approval;
using SigningService.Web;

namespace SigningService.Pages.Admin;

/// <summary>
/// Plh/Plt orders: while one is in force the head's covered documents go to the acting official's inbox and the
/// stamp reads "Plh. …" (or "a.n. …"); ending it hands them back at once. Times are entered in Pemda time.
/// </summary>
public sealed class DelegationsModel(ApprovalAdministration admin, UiFormat format, TimeProvider clock) : AdminPageModel
{
    public IReadOnlyList<DelegationAdminView> Delegations { get; private set; } = [];

    public IReadOnlyList<SignatoryView> Officials { get; private set; } = [];

    public IReadOnlyList<DocumentTypeView> Types { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "semua")]
    public bool IncludeEnded { get; set; }

    public string DefaultFrom => format.Input(clock.GetUtcNow());

    public string DefaultUntil => format.Input(clock.GetUtcNow().AddDays(3));

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostBuatAsync(
        Guid? head, Guid? acting, string? kind, string? basis, string? from, string? until, List<string> types, bool onBehalf, CancellationToken ct)
    {
        var validFrom = format.ParseInput(from);
        var validUntil = format.ParseInput(until);
        if (head is null || acting is null)
            Error = "Pilih pejabat yang digantikan dan pejabat pelaksana.";
        else if (head == acting)
            Error = "Pejabat pelaksana harus orang lain.";
        else if (string.IsNullOrWhiteSpace(basis))
            Error = "Isi nomor Surat Perintah.";
        else if (validUntil is null || validUntil <= (validFrom ?? clock.GetUtcNow()))
            Error = "Isi waktu berakhir, setelah waktu mulai.";
        else if (await TryAsync(() => admin.CreateDelegationAsync(Me.UserName!,
                     new DelegationRequest(head, acting, kind, basis, validFrom, validUntil, types, onBehalf), ct)))
            Done = $"Delegasi {kind} berdasarkan Surat Perintah {basis.Trim()} dibuat.";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAkhiriAsync(Guid id, CancellationToken ct)
    {
        if (await TryAsync(() => admin.EndDelegationAsync(Me.UserName!, id, ct)))
            Done = "Delegasi diakhiri; dokumen kembali ke pejabat yang digantikan.";
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Delegations = await admin.DelegationsAsync(IncludeEnded, ct);
        Officials = (await admin.SignatoriesAsync(ct)).Where(s => s.Kind == "official" && s.Active).ToList();
        Types = (await admin.DocumentTypesAsync(ct)).Where(t => t.Kind == "official").ToList();
    }
}
