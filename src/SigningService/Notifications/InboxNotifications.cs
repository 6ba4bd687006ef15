using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SigningService.Approval;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Domain.Approval;

namespace SigningService.Notifications;

/// <summary>
/// Writes the e-mails of the inbox into the outbox (<see cref="EmailNotification"/>), in the unit of work of
/// the change they report: "Dokumen menunggu persetujuan Anda" when a document reaches someone's inbox (their
/// paraf step, or its effective signer), and the daily digest. Sending happens later, outside the transaction.
/// </summary>
public sealed class InboxNotifications(IOptions<NotificationOptions> options, Domain.Sla.WorkingCalendar calendar)
{
    public const string Arrived = "inbox.arrived";
    public const string Digest = "inbox.digest";
    public const string ArrivedSubject = "Dokumen menunggu persetujuan Anda";

    /// <summary>Adds the arrival e-mail for whoever <paramref name="document"/> now waits for (nothing when it waits for nobody).</summary>
    public async Task QueueArrivalAsync(SigningDbContext db, Document document, DateTimeOffset now, CancellationToken ct)
    {
        var recipients = await WaitingOnAsync(db, document, now, ct);
        if (recipients.Count == 0)
            return;
        var type = await db.DocumentTypes.AsNoTracking().SingleAsync(t => t.Id == document.DocumentTypeId, ct);
        foreach (var (account, action) in recipients)
        {
            QueueAboutDocument(db, account, ArrivedSubject, $"Dokumen berikut menunggu {action} Anda:", Arrived, document, type, now);
        }
    }

    /// <summary>
    /// An e-mail about one document to one account (nothing for an inactive account or one without an address):
    /// greeting, <paramref name="line"/>, the document's type, number, title and due time, the inbox link.
    /// </summary>
    public void QueueAboutDocument(
        SigningDbContext db, Account account, string subject, string line, string kind, Document document, DocumentType type, DateTimeOffset now)
    {
        if (!account.Active || string.IsNullOrWhiteSpace(account.Email))
            return;
        var body = new StringBuilder()
            .Append("Yth. ").Append(account.DisplayName).Append(",\n\n")
            .Append(line).Append("\n\n")
            .Append("  Jenis   : ").Append(type.Name).Append('\n')
            .Append("  Nomor   : ").Append(document.Facts.Number).Append('\n')
            .Append("  Perihal : ").Append(document.Facts.Title).Append('\n');
        if (document.DueAt is { } due)
            body.Append("  Batas waktu: ").Append(Local(due)).Append('\n');
        AppendFooter(body);
        db.EmailNotifications.Add(New(account, subject, body.ToString(), kind, document.Id, now));
    }

    /// <summary>
    /// Whom <paramref name="document"/> waits for now: the holder of its next paraf step, or the accounts of its
    /// effective signer (the acting official while a Plh/Plt order covers it). Empty when it waits for nobody.
    /// </summary>
    public static async Task<List<(Account Account, string Action)>> WaitingOnAsync(SigningDbContext db, Document document, DateTimeOffset now, CancellationToken ct)
    {
        List<(Account Account, string Action)> recipients = [];
        if (document.Status == DocumentStatus.PendingParaf)
        {
            var holder = await db.ParafSteps.AsNoTracking()
                .Where(s => s.DocumentTypeId == document.DocumentTypeId && s.Order == document.ParafCompleted + 1)
                .Join(db.Users, s => s.AccountId, a => a.Id, (s, a) => a)
                .SingleOrDefaultAsync(ct);
            if (holder is not null)
                recipients.Add((holder, "paraf"));
        }
        else if (document.Status == DocumentStatus.PendingApproval)
        {
            var delegation = Delegation.Routing(await Delegations.ActiveAsync(db, now, ct), document.SignatoryId, document.DocumentTypeId, now);
            var signer = delegation?.ActingSignatoryId ?? document.SignatoryId;
            var accounts = await db.Users.AsNoTracking().Where(a => a.SignatoryId == signer).ToListAsync(ct);
            recipients.AddRange(accounts.Select(a => (a, "tanda tangan")));
        }
        return recipients;
    }

    /// <summary>The morning digest of one account's inbox (nothing when it is empty).</summary>
    public void QueueDigest(SigningDbContext db, Account account, IReadOnlyList<InboxItem> items, DateTimeOffset now)
    {
        if (items.Count == 0 || !account.Active || string.IsNullOrWhiteSpace(account.Email))
            return;
        var overdue = items.Count(i => i.Overdue);
        var body = new StringBuilder()
            .Append("Yth. ").Append(account.DisplayName).Append(",\n\n")
            .Append(CultureInfo.InvariantCulture, $"Ada {items.Count} dokumen menunggu persetujuan Anda")
            .Append(overdue > 0 ? string.Create(CultureInfo.InvariantCulture, $", {overdue} di antaranya melewati batas waktu.\n\n") : ".\n\n");
        foreach (var item in items.Take(MaxDigestLines))
        {
            body.Append("  - ").Append(item.Action == "paraf" ? "[paraf] " : "[tanda tangan] ")
                .Append(item.Number).Append(" — ").Append(item.Title);
            if (item.DueAt is { } due)
                body.Append(" (batas ").Append(Local(due)).Append(item.Overdue ? ", TERLAMBAT" : "").Append(')');
            body.Append('\n');
        }
        if (items.Count > MaxDigestLines)
            body.Append(CultureInfo.InvariantCulture, $"  … dan {items.Count - MaxDigestLines} dokumen lainnya.\n");
        AppendFooter(body);
        db.EmailNotifications.Add(New(account, $"Ringkasan harian: {items.Count} dokumen menunggu persetujuan Anda", body.ToString(), Digest, null, now));
    }

    private const int MaxDigestLines = 30;

    private void AppendFooter(StringBuilder body)
    {
        body.Append('\n');
        if (!string.IsNullOrWhiteSpace(options.Value.InboxUrl))
            body.Append("Buka kotak masuk persetujuan: ").Append(options.Value.InboxUrl).Append('\n');
        body.Append("\nPesan ini dikirim otomatis oleh layanan tanda tangan elektronik; mohon tidak membalas.\n");
    }

    private string Local(DateTimeOffset at) =>
        at.ToOffset(calendar.UtcOffset).ToString("d MMMM yyyy HH:mm", CultureInfo.GetCultureInfo("id-ID"));

    private static EmailNotification New(Account account, string subject, string body, string kind, Guid? documentId, DateTimeOffset now) => new()
    {
        AccountId = account.Id,
        To = account.Email!,
        Subject = subject,
        Body = body,
        Kind = kind,
        DocumentId = documentId,
        CreatedAt = now,
        NextAttemptAt = now,
    };
}
