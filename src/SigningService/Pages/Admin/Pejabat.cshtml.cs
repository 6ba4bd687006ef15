using SigningService.Approval;
using SigningService.Web;

namespace SigningService.Pages.Admin;

/// <summary>OPDs and their officials and e-seals: the token each key is on, the certificate's subject and its expiry.</summary>
public sealed class OfficialsModel(ApprovalAdministration admin, TimeProvider clock) : UiPageModel
{
    public IReadOnlyList<OpdView> Opds { get; private set; } = [];

    public IReadOnlyList<SignatoryView> Signatories { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        Opds = await admin.OpdsAsync(ct);
        Signatories = await admin.SignatoriesAsync(ct);
    }

    /// <summary>How the expiry reads next to the date: expired, within 30 days (time to renew), or nothing.</summary>
    public string ExpiryNote(SignatoryView s) =>
        s.CertificateNotAfter <= Now ? "kedaluwarsa" : s.CertificateNotAfter <= Now.AddDays(30) ? "segera kedaluwarsa" : "";
}
