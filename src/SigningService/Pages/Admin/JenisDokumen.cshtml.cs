using Microsoft.AspNetCore.Mvc;
using SigningService.Accounts;
using SigningService.Approval;
using SigningService.Web;

namespace SigningService.Pages.Admin;

/// <summary>Document types with their signer and paraf chain; the chain of a personal-signature type can be replaced.</summary>
public sealed class DocumentTypesModel(ApprovalAdministration admin, AccountAdministration accounts) : AdminPageModel
{
    public IReadOnlyList<DocumentTypeView> Types { get; private set; } = [];

    public IReadOnlyList<AccountView> Accounts { get; private set; } = [];

    /// <summary>The type whose chain form is open (?ubah=code).</summary>
    [BindProperty(SupportsGet = true, Name = "ubah")]
    public string? EditCode { get; set; }

    public DocumentTypeView? Editing => Types.FirstOrDefault(t => t.Code == EditCode && t.Kind == "official");

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Replaces the chain with the filled rows, in order (no rows: no paraf).</summary>
    public async Task<IActionResult> OnPostRantaiAsync(string code, List<string?> posisi, List<string?> akun, CancellationToken ct)
    {
        var steps = posisi.Zip(akun)
            .Where(s => !string.IsNullOrWhiteSpace(s.First) || !string.IsNullOrWhiteSpace(s.Second))
            .Select(s => new ParafStepRequest(s.First?.Trim(), s.Second?.Trim()))
            .ToList();
        if (steps.Any(s => string.IsNullOrEmpty(s.Position) || string.IsNullOrEmpty(s.UserName)))
            Error = "Setiap langkah paraf memerlukan jabatan dan akun.";
        else if (await TryAsync(() => admin.SetParafChainAsync(Me.UserName!, code, steps, ct)))
            Done = steps.Count == 0 ? $"Paraf berjenjang {code} dihapus." : $"Paraf berjenjang {code} disimpan ({steps.Count} langkah).";
        EditCode = code;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Types = await admin.DocumentTypesAsync(ct);
        Accounts = (await accounts.ListAsync(ct)).Where(a => a.Active).ToList();
    }
}
