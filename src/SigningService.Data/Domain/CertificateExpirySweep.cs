using Microsoft.EntityFrameworkCore;
using SigningService.Data;

namespace SigningService.Domain;

/// <summary>
/// Warns before a signing certificate runs out (issue 7): once when it is 30 days from expiry and once more
/// at 7 days, as audit events (certificate.expiring) that notifications act on. Each warning is given once
/// per certificate; renewing the certificate resets it.
/// </summary>
public static class CertificateExpirySweep
{
    public static readonly int[] DaysBefore = [30, 7];

    public static async Task<IReadOnlyList<(Guid SignatoryId, int DaysBefore)>> RunAsync(AuditedSave save, DateTimeOffset now, CancellationToken ct)
    {
        var horizon = now.AddDays(DaysBefore.Max());
        var signatories = await save.Db.Signatories.Where(s => s.Active && s.CertificateNotAfter <= horizon).ToListAsync(ct);
        var warned = new List<(Guid, int)>();
        foreach (var s in signatories)
        {
            var left = s.CertificateNotAfter - now;
            var due = DaysBefore.Where(d => left <= TimeSpan.FromDays(d)).DefaultIfEmpty(int.MaxValue).Min();
            if (due == int.MaxValue || (s.ExpiryWarnedDaysBefore is { } given && given <= due))
                continue;
            s.ExpiryWarnedDaysBefore = due;
            warned.Add((s.Id, due));
            save.Record("certificate-sweep", left <= TimeSpan.Zero ? "certificate.expired" : "certificate.expiring", null, new
            {
                signatory = s.Name, s.Nip, s.Position, token = s.TokenLabel, notAfter = s.CertificateNotAfter,
                daysLeft = Math.Max(0, (int)Math.Floor(left.TotalDays)),
            });
        }
        if (warned.Count > 0)
            await save.SaveAsync(ct);
        return warned;
    }
}
