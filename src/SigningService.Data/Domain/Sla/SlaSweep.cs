using Microsoft.EntityFrameworkCore;
using SigningService.Data;

namespace SigningService.Domain.Sla;

/// <summary>
/// One pass over the open documents that have a due time: each whose SLA state got worse (at risk, then
/// overdue) is recorded with an audit event (sla.at-risk, sla.overdue), which is what escalation acts on.
/// Run by a scheduled job; safe to run concurrently with itself in another process (versions guard it).
/// <paramref name="escalate"/> adds what the change sets off (the service's e-mails) to the same transaction.
/// </summary>
public static class SlaSweep
{
    public static async Task<IReadOnlyList<(Guid DocumentId, SlaState State)>> RunAsync(
        AuditedSave save, WorkingCalendar calendar, double atRiskThreshold, DateTimeOffset now, CancellationToken ct, int batch = 500,
        Func<Document, SlaState, Task>? escalate = null)
    {
        var db = save.Db;
        var open = new[] { DocumentStatus.Queued, DocumentStatus.Signing, DocumentStatus.PendingParaf, DocumentStatus.PendingApproval, DocumentStatus.Failed };
        var candidates = await db.Documents
            .Where(d => open.Contains(d.Status) && d.DueAt != null && d.SlaState != SlaState.Overdue)
            .OrderBy(d => d.DueAt)
            .Take(batch)
            .Join(db.DocumentTypes, d => d.DocumentTypeId, t => t.Id, (d, t) => new { Document = d, t.SlaWorkingHours })
            .ToListAsync(ct);
        var changed = new List<(Guid, SlaState)>();
        foreach (var c in candidates)
        {
            var status = SlaClock.Evaluate(calendar, c.Document.CreatedAt, TimeSpan.FromHours(c.SlaWorkingHours), now, atRiskThreshold);
            if (!c.Document.RecordSlaState(status.State))
                continue;
            changed.Add((c.Document.Id, status.State));
            save.Record("sla-sweep", status.State == SlaState.Overdue ? "sla.overdue" : "sla.at-risk", c.Document.Id,
                new { dueAt = status.DueAt, fractionSpent = Math.Round(status.FractionSpent, 3), status = c.Document.Status.Name() });
            if (escalate is not null)
                await escalate(c.Document, status.State);
        }
        if (changed.Count > 0)
            await save.SaveAsync(ct);
        return changed;
    }
}
