using Microsoft.AspNetCore.Mvc;
using SigningService.Accounts;
using SigningService.Approval;
using SigningService.Domain.Approval;
using SigningService.Web;

namespace SigningService.Pages.Admin;

/// <summary>
/// Accounts: create (role, linked official or OPD and jabatan), change, switch off and on, reset. The authenticator
/// key of a new or reset account is shown on the answer to that request only, as text, otpauth URI and QR code.
/// </summary>
public sealed class AccountsModel(AccountAdministration accounts, ApprovalAdministration admin) : AdminPageModel
{
    public IReadOnlyList<AccountView> Accounts { get; private set; } = [];

    public IReadOnlyList<SignatoryView> Officials { get; private set; } = [];

    public IReadOnlyList<OpdView> Opds { get; private set; } = [];

    /// <summary>The account whose edit form is open (?ubah=id).</summary>
    [BindProperty(SupportsGet = true, Name = "ubah")]
    public Guid? EditId { get; set; }

    public AccountView? Editing => Accounts.FirstOrDefault(a => a.Id == EditId);

    public AccountSecrets? Secrets { get; private set; }

    public string? SecretsQr { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostBuatAsync(
        string? userName, string? displayName, string? email, List<string> roles, Guid? signatoryId, string? opdCode, string? position,
        CancellationToken ct)
    {
        var password = PostedSecret.Read(Request, "password");
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrWhiteSpace(displayName) || string.IsNullOrEmpty(password))
            Error = "Nama pengguna, nama lengkap, dan kata sandi awal wajib diisi.";
        else if (roles.Count == 0)
            Error = "Pilih minimal satu peran.";
        else if (roles.Contains(AccountRoles.Signer) && signatoryId is null)
            Error = "Penanda tangan harus ditautkan ke pejabatnya.";
        else
            await TryAsync(async () => Show(await accounts.CreateAsync(Me.UserName!, new AccountRequest(
                userName, displayName, Blank(email), password, roles, signatoryId, Blank(opdCode), Blank(position), true), ct)));
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUbahAsync(
        Guid id, string? displayName, string? email, List<string> roles, Guid? signatoryId, string? position, CancellationToken ct)
    {
        if (roles.Count == 0)
            Error = "Pilih minimal satu peran.";
        else if (await TryAsync(() => accounts.UpdateAsync(Me.UserName!, id, new AccountRequest(
                     null, Blank(displayName), Blank(email), null, roles, signatoryId, null, Blank(position), null), ct)))
            Done = "Perubahan akun disimpan.";
        EditId = id;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Switches an account off (it cannot log in and its sessions and tokens stop at once) or on again.</summary>
    public async Task<IActionResult> OnPostAktifAsync(Guid id, bool aktif, CancellationToken ct)
    {
        if (id == Me.Id && !aktif)
            Error = "Anda tidak dapat menonaktifkan akun Anda sendiri.";
        else if (await TryAsync(() => accounts.UpdateAsync(Me.UserName!, id, new AccountRequest(null, null, null, null, null, null, null, null, aktif), ct)))
            Done = aktif ? "Akun diaktifkan kembali." : "Akun dinonaktifkan.";
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>New password and new authenticator key; the person enrols again at the next login.</summary>
    public async Task<IActionResult> OnPostResetAsync(Guid id, CancellationToken ct)
    {
        var password = PostedSecret.Read(Request, "password");
        if (string.IsNullOrEmpty(password))
            Error = "Isi kata sandi baru.";
        else
            await TryAsync(async () => Show(await accounts.ResetAsync(Me.UserName!, id, password, ct)));
        await LoadAsync(ct);
        return Page();
    }

    private void Show(AccountSecrets secrets)
    {
        Secrets = secrets;
        SecretsQr = QrSvg.Render(secrets.AuthenticatorUri, "Kode QR kunci autentikator");
        Done = $"Akun {secrets.Account.UserName} siap. Serahkan kata sandi awal dan kunci autentikator di bawah ini kepada pemiliknya; kunci tidak ditampilkan lagi.";
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Accounts = await accounts.ListAsync(ct);
        Officials = (await admin.SignatoriesAsync(ct)).Where(s => s.Kind == "official").ToList();
        Opds = await admin.OpdsAsync(ct);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
