using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;
using SigningService.Approval;
using SigningService.Data;
using SigningService.Domain.Approval;

namespace SigningService.Notifications;

/// <summary>
/// Sends the outbox: due e-mails go to <see cref="INotificationSender"/> one by one, outside any database
/// transaction; a failure is retried with exponential backoff (30 s, 1 min, 2 min … capped at 1 h) and kept as
/// failed after Notifications:MaxAttempts.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class NotificationDispatchJob(
    SigningDbContext db, INotificationSender sender, IOptions<NotificationOptions> options, TimeProvider clock,
    ILogger<NotificationDispatchJob> log) : IJob
{
    public static readonly JobKey Key = new("notification-dispatch", "signing");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.EmailNotifications
            .Where(n => n.Status == NotificationStatus.Pending && n.NextAttemptAt <= now)
            .OrderBy(n => n.NextAttemptAt).Take(50).ToListAsync(ct);
        foreach (var email in due)
        {
            email.Attempts++;
            try
            {
                await sender.SendAsync(new OutgoingEmail(email.To, email.Subject, email.Body), ct);
                email.Status = NotificationStatus.Sent;
                email.SentAt = clock.GetUtcNow();
                email.LastError = null;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                email.LastError = e.Message.Length > 500 ? e.Message[..500] : e.Message;
                if (email.Attempts >= options.Value.MaxAttempts)
                {
                    email.Status = NotificationStatus.Failed;
                    LogGaveUp(email.Id, email.Kind, email.Attempts, email.LastError);
                }
                else
                {
                    var backoff = TimeSpan.FromSeconds(30 * Math.Pow(2, Math.Min(email.Attempts - 1, 16)));
                    email.NextAttemptAt = clock.GetUtcNow() + (backoff > MaxBackoff ? MaxBackoff : backoff);
                }
            }
            // Saved per e-mail: a crash after sending re-sends at most that one.
            await db.SaveChangesAsync(ct);
        }
    }

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail {Id} ({Kind}) not sent after {Attempts} attempts: {Error}")]
    private partial void LogGaveUp(Guid id, string kind, int attempts, string? error);
}

/// <summary>
/// Daily, at Notifications:DigestTime: every active account with an e-mail address and something in its
/// inbox gets one digest of what waits (overdue first), queued in the outbox.
/// </summary>
[DisallowConcurrentExecution]
public sealed class InboxDigestJob(SigningDbContext db, InboxService inbox, InboxNotifications notifications, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("inbox-digest", "signing");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) => await RunAsync(ct);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var accounts = await db.Users.AsNoTracking().Where(a => a.Active && a.Email != null).OrderBy(a => a.UserName).ToListAsync(ct);
        var queued = 0;
        foreach (var account in accounts)
        {
            var items = await inbox.ListAsync(account, new InboxFilter(), ct);
            if (items.Count == 0)
                continue;
            notifications.QueueDigest(db, account, items, now);
            queued++;
        }
        await db.SaveChangesAsync(ct);
        return queued;
    }
}
