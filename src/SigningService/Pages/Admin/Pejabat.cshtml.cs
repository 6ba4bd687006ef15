using Microsoft.AspNetCore.Mvc;
using SigningService.Approval;
using SigningService.Web;

namespace SigningService.Pages.Admin;

/// <summary>
/// OPDs and their officials and e-seals: the token each key is on, the certificate's subject and its expiry;
/// new OPDs, new officials and e-seals (certificate as PEM), and changes (renewed certificate, another token).
/// </summary>
public sealed class OfficialsModel(ApprovalAdministration admin, OrganisationAdministration organisation, TimeProvider clock) : AdminPageModel
{
    public IReadOnlyList<OpdView> Opds { get; private set; } = [];

    public IReadOnlyList<SignatoryView> Signatories { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostOpdAsync(string? code, string? name, CancellationToken ct)
    {
        if (await TryAsync(() => organisation.CreateOpdAsync(Me.UserName!, new OpdRequest(code, name), ct)))
            Done = $"OPD {name} ditambahkan.";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDaftarAsync(
        string? opd, string? kind, string? name, string? nip, string? position, string? token, string? key, string? certificate, CancellationToken ct)
    {
        if (await TryAsync(() => organisation.RegisterSignatoryAsync(Me.UserName!,
                new SignatoryRequest(opd, kind, name, nip, position, token, key, certificate), ct)))
            Done = $"{name} didaftarkan dengan token {token}.";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUbahAsync(
        Guid id, string? position, string? token, string? key, string? certificate, string? active, CancellationToken ct)
    {
        if (await TryAsync(() => organisation.UpdateSignatoryAsync(Me.UserName!, id,
                new SignatoryUpdate(position, token, key, certificate, active switch { "ya" => true, "tidak" => false, _ => null }), ct)))
            Done = "Data pejabat diperbarui.";
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        Opds = await admin.OpdsAsync(ct);
        Signatories = await admin.SignatoriesAsync(ct);
    }

    /// <summary>How the expiry reads next to the date: expired, within 30 days (time to renew), or nothing.</summary>
    public string ExpiryNote(SignatoryView s) =>
        s.CertificateNotAfter <= Now ? "kedaluwarsa" : s.CertificateNotAfter <= Now.AddDays(30) ? "segera kedaluwarsa" : "";
}
