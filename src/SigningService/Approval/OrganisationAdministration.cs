using Microsoft.EntityFrameworkCore;
using Signing.Cms;
using SigningService.Data;
using SigningService.Domain;

namespace SigningService.Approval;

public sealed record OpdRequest(string? Code, string? Name);

/// <param name="Kind">"official" (a person with their own token and PIN) or "eseal" (the OPD's seal).</param>
/// <param name="CertificatePem">The signing certificate (PEM); its key must be on <paramref name="TokenLabel"/>.</param>
public sealed record SignatoryRequest(
    string? OpdCode, string? Kind, string? Name, string? Nip, string? Position, string? TokenLabel, string? KeyLabel, string? CertificatePem);

/// <summary>A change to a registered official or e-seal: a renewed certificate, another token, or (de)activation.</summary>
public sealed record SignatoryUpdate(string? Position, string? TokenLabel, string? KeyLabel, string? CertificatePem, bool? Active);

/// <summary>
/// The admin's side of the organisation (issue 5 "Admin"): OPDs, and the officials and e-seals with the token
/// their key is on and its certificate. A certificate is checked when it is registered — readable, not expired,
/// a person's NIP where the certificate is a person's — and its expiry is kept for the warnings and /health.
/// Every change is an audit event.
/// </summary>
public sealed class OrganisationAdministration(AuditedSave save, TimeProvider clock)
{
    private SigningDbContext Db => save.Db;

    public async Task<OpdView> CreateOpdAsync(string admin, OpdRequest request, CancellationToken ct)
    {
        var code = request.Code?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(code) || code.Length > 50 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw RequestRefusedException.Invalid("'code' is required: at most 50 letters, digits or '-', e.g. \"dpmptsp\".");
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
            throw RequestRefusedException.Invalid("'name' (at most 200 characters) is required.");
        if (await Db.Opds.AnyAsync(o => o.Code == code, ct))
            throw RequestRefusedException.Invalid($"An OPD with code '{code}' already exists.");
        var pemda = await Db.Pemdas.OrderBy(p => p.Name).FirstOrDefaultAsync(ct)
                    ?? throw RequestRefusedException.Invalid("No Pemda is configured yet.");
        var opd = new Opd { PemdaId = pemda.Id, Code = code, Name = request.Name.Trim() };
        Db.Opds.Add(opd);
        save.Record($"account:{admin}", "opd.created", null, new { code, name = opd.Name });
        await save.SaveAsync(ct);
        return new OpdView(opd.Id, opd.Code, opd.Name, 0);
    }

    public async Task<Guid> RegisterSignatoryAsync(string admin, SignatoryRequest request, CancellationToken ct)
    {
        var opd = await Db.Opds.SingleOrDefaultAsync(o => o.Code == (request.OpdCode ?? "").Trim().ToLower(), ct)
                  ?? throw RequestRefusedException.Invalid($"No OPD with code '{request.OpdCode}'.");
        var kind = request.Kind?.Trim().ToLowerInvariant() switch
        {
            "official" or "pejabat" => SignatoryKind.Official,
            "eseal" or "segel" => SignatoryKind.ESeal,
            _ => throw RequestRefusedException.Invalid("'kind' is \"official\" or \"eseal\"."),
        };
        if (string.IsNullOrWhiteSpace(request.Name) || string.IsNullOrWhiteSpace(request.Position))
            throw RequestRefusedException.Invalid("'name' and 'position' (the jabatan printed on the stamp) are required.");
        var nip = request.Nip?.Trim();
        if (kind == SignatoryKind.Official && (nip is null || nip.Length != 18 || !nip.All(char.IsAsciiDigit)))
            throw RequestRefusedException.Invalid("An official needs their 18-digit NIP.");
        if (kind == SignatoryKind.Official && await Db.Signatories.AnyAsync(s => s.Nip == nip && s.Active, ct))
            throw RequestRefusedException.Invalid($"An active official with NIP {nip} is already registered.");
        var token = Required(request.TokenLabel, "'tokenLabel' (the token or HSM slot the key is on) is required.");
        var (certificate, notAfter) = Certificate(request.CertificatePem);
        var signatory = new Signatory
        {
            OpdId = opd.Id, Kind = kind, Name = request.Name.Trim(), Nip = kind == SignatoryKind.Official ? nip : null,
            Position = request.Position.Trim(), Certificate = certificate, CertificateNotAfter = notAfter,
            TokenLabel = token, KeyLabel = string.IsNullOrWhiteSpace(request.KeyLabel) ? "sign" : request.KeyLabel.Trim(),
        };
        Db.Signatories.Add(signatory);
        save.Record($"account:{admin}", "signatory.registered", null, new
        {
            id = signatory.Id, opd = opd.Code, kind = request.Kind, signatory.Name, signatory.Position, token, notAfter,
            subject = CertificateInfo.Describe(certificate).Subject,
        });
        await save.SaveAsync(ct);
        return signatory.Id;
    }

    public async Task UpdateSignatoryAsync(string admin, Guid id, SignatoryUpdate update, CancellationToken ct)
    {
        var signatory = await Db.Signatories.SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw RequestRefusedException.NotFound($"Official {id}");
        if (!string.IsNullOrWhiteSpace(update.Position))
            signatory.Position = update.Position.Trim();
        if (!string.IsNullOrWhiteSpace(update.TokenLabel))
            signatory.TokenLabel = update.TokenLabel.Trim();
        if (!string.IsNullOrWhiteSpace(update.KeyLabel))
            signatory.KeyLabel = update.KeyLabel.Trim();
        if (!string.IsNullOrWhiteSpace(update.CertificatePem))
        {
            (signatory.Certificate, signatory.CertificateNotAfter) = Certificate(update.CertificatePem);
            signatory.ExpiryWarnedDaysBefore = null; // a renewed certificate gets its own 30- and 7-day warnings
        }
        if (update.Active is { } active)
            signatory.Active = active;
        save.Record($"account:{admin}", "signatory.updated", null, new
        {
            id, signatory.Position, token = signatory.TokenLabel, key = signatory.KeyLabel, notAfter = signatory.CertificateNotAfter,
            certificateRenewed = !string.IsNullOrWhiteSpace(update.CertificatePem), signatory.Active,
        });
        await save.SaveAsync(ct);
    }

    private (byte[] Der, DateTimeOffset NotAfter) Certificate(string? pem)
    {
        IReadOnlyList<byte[]> certificates;
        try
        {
            certificates = string.IsNullOrWhiteSpace(pem) ? [] : PemCertificates.Read(pem);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw RequestRefusedException.Invalid($"'certificatePem' is not a PEM certificate: {e.Message}");
        }
        if (certificates.Count != 1)
            throw RequestRefusedException.Invalid("'certificatePem' must hold exactly one certificate (-----BEGIN CERTIFICATE-----).");
        CertificateSummary summary;
        try
        {
            summary = CertificateInfo.Describe(certificates[0]);
        }
        catch (Exception e)
        {
            throw RequestRefusedException.Invalid($"'certificatePem' is not a readable X.509 certificate: {e.Message}");
        }
        if (summary.NotAfter <= clock.GetUtcNow())
            throw RequestRefusedException.Invalid($"The certificate of '{summary.CommonName}' expired on {summary.NotAfter:yyyy-MM-dd}.");
        return (certificates[0], summary.NotAfter);
    }

    private static string Required(string? value, string message) =>
        string.IsNullOrWhiteSpace(value) ? throw RequestRefusedException.Invalid(message) : value.Trim();
}
