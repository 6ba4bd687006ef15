using Microsoft.EntityFrameworkCore;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Domain.Approval;
using SigningService.Domain.Sla;

namespace SigningService.Notifications;

/// <summary>
/// Escalation of the SLA (issue 7): when a document becomes at risk, whoever it waits for is reminded
/// (the paraf step's holder, or its effective signer — the acting official while a Plh/Plt order covers it);
/// when it becomes overdue, they are told again and the OPD's secretary (an account whose jabatan begins
/// with "Sekretaris") and the OPD's admins are told too. The e-mails go into the outbox in the transaction
/// that records the new SLA state, so a state change is never without its notice, nor a notice sent twice.
/// </summary>
public sealed class SlaEscalation(InboxNotifications inbox)
{
    public const string AtRisk = "sla.at-risk";
    public const string Overdue = "sla.overdue";
    public const string Escalated = "sla.escalated";

    public async Task QueueAsync(SigningDbContext db, Document document, SlaState state, DateTimeOffset now, CancellationToken ct)
    {
        var waitingOn = await InboxNotifications.WaitingOnAsync(db, document, now, ct);
        var type = await db.DocumentTypes.AsNoTracking().SingleAsync(t => t.Id == document.DocumentTypeId, ct);
        var overdue = state == SlaState.Overdue;
        var subject = overdue ? "Terlambat: dokumen melewati batas waktu layanan" : "Segera: dokumen mendekati batas waktu layanan";
        foreach (var (account, action) in waitingOn)
        {
            var line = overdue
                ? $"Dokumen berikut sudah melewati batas waktu layanan dan masih menunggu {action} Anda:"
                : $"Dokumen berikut mendekati batas waktu layanan dan masih menunggu {action} Anda:";
            inbox.QueueAboutDocument(db, account, subject, line, overdue ? Overdue : AtRisk, document, type, now);
        }
        if (!overdue)
        {
            return;
        }
        var informed = waitingOn.Select(r => r.Account.Id).ToHashSet();
        var who = string.Join(", ", waitingOn.Select(r => r.Account.Position is { } p ? $"{r.Account.DisplayName} ({p})" : r.Account.DisplayName).Distinct());
        var escalation = "Dokumen berikut sudah melewati batas waktu layanan" + (who.Length > 0 ? $" dan masih menunggu {who}:" : ":");
        foreach (var account in await SupervisorsAsync(db, document.OpdId, ct))
        {
            if (informed.Add(account.Id))
                inbox.QueueAboutDocument(db, account, "Eskalasi: dokumen melewati batas waktu layanan", escalation, Escalated, document, type, now);
        }
    }

    /// <summary>Who is told when a document of the OPD is overdue: its secretary and its admins (active accounts).</summary>
    private static async Task<List<Account>> SupervisorsAsync(SigningDbContext db, Guid opdId, CancellationToken ct)
    {
        var adminRole = await db.Roles.Where(r => r.Name == AccountRoles.Admin).Select(r => r.Id).SingleOrDefaultAsync(ct);
        return await db.Users.AsNoTracking()
            .Where(a => a.OpdId == opdId && a.Active)
            .Where(a => (a.Position != null && a.Position.StartsWith("Sekretaris"))
                        || db.UserRoles.Any(ur => ur.UserId == a.Id && ur.RoleId == adminRole))
            .OrderBy(a => a.UserName)
            .ToListAsync(ct);
    }
}
