using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Domain.Sla;

namespace SigningService.Dashboard;

/// <summary>One OPD's document type: what waits now, and how fast and how punctually it was signed in the window.</summary>
public sealed record DashboardRow(
    string Opd, string DocumentTypeCode, string DocumentType, int Pending, int AtRisk, int Overdue, int Signed,
    double? MedianHours, double? P90Hours, double? CompliancePercent);

/// <summary>Documents with a due time signed in one calendar month (Pemda time), and the share signed on time.</summary>
public sealed record MonthlyCompliance(string Month, int Signed, int OnTime, double? CompliancePercent);

public sealed record SlaDashboardView(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<DashboardRow> Rows, IReadOnlyList<MonthlyCompliance> Months);

/// <summary>
/// The SLA dashboard of issue 7 for admins and heads. Counts are of open documents now; times are from
/// submission to signature (wall-clock hours, as the citizen waits), over documents signed in the last
/// <c>months</c> calendar months; compliance is the share of those with a due time that were signed by it.
/// Read from the document records directly: the figures are exact, not sampled.
/// </summary>
public sealed class SlaDashboard(SigningDbContext db, WorkingCalendar calendar, TimeProvider clock)
{
    public sealed record Record(
        Guid OpdId, Guid DocumentTypeId, DocumentStatus Status, SlaState SlaState, DateTimeOffset CreatedAt, DateTimeOffset? SignedAt, DateTimeOffset? DueAt);

    /// <param name="opdId">One OPD (a head's), or null for every OPD (an admin).</param>
    public async Task<SlaDashboardView> BuildAsync(Guid? opdId, int months, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var from = MonthStart(now, calendar.UtcOffset, months - 1).ToUniversalTime(); // timestamptz takes UTC only
        var open = new[] { DocumentStatus.Queued, DocumentStatus.Signing, DocumentStatus.PendingParaf, DocumentStatus.PendingApproval, DocumentStatus.Failed };
        var records = await db.Documents.AsNoTracking()
            .Where(d => opdId == null || d.OpdId == opdId)
            .Where(d => open.Contains(d.Status) || (d.SignedAt != null && d.SignedAt >= from))
            .Select(d => new Record(d.OpdId, d.DocumentTypeId, d.Status, d.SlaState, d.CreatedAt, d.SignedAt, d.DueAt))
            .ToListAsync(ct);
        var types = await db.DocumentTypes.AsNoTracking()
            .Where(t => opdId == null || t.OpdId == opdId)
            .Join(db.Opds, t => t.OpdId, o => o.Id, (t, o) => new { t.Id, t.Code, t.Name, Opd = o.Name })
            .ToListAsync(ct);
        var names = types.ToDictionary(t => t.Id, t => (t.Opd, t.Code, t.Name));
        return Compute(records, names, from, now, calendar.UtcOffset, months);
    }

    public static SlaDashboardView Compute(
        IReadOnlyList<Record> records, IReadOnlyDictionary<Guid, (string Opd, string Code, string Name)> types,
        DateTimeOffset from, DateTimeOffset now, TimeSpan offset, int months)
    {
        var rows = types
            .Select(type =>
            {
                var ofType = records.Where(r => r.DocumentTypeId == type.Key).ToList();
                var openNow = ofType.Where(r => IsOpen(r.Status)).ToList();
                var signed = ofType.Where(r => r.SignedAt is { } at && at >= from).ToList();
                var hours = signed.Select(r => (r.SignedAt!.Value - r.CreatedAt).TotalHours).Order().ToList();
                return new DashboardRow(type.Value.Opd, type.Value.Code, type.Value.Name, openNow.Count,
                    openNow.Count(r => r.SlaState == SlaState.AtRisk), openNow.Count(r => r.SlaState == SlaState.Overdue),
                    signed.Count, Percentile(hours, 0.5), Percentile(hours, 0.9), Compliance(signed).Percent);
            })
            .OrderBy(r => r.Opd, StringComparer.Ordinal).ThenBy(r => r.DocumentType, StringComparer.Ordinal)
            .ToList();
        var monthly = Enumerable.Range(0, months).Reverse()
            .Select(back =>
            {
                var start = MonthStart(now, offset, back);
                var end = MonthStart(now, offset, back - 1);
                var (signed, onTime, percent) = Compliance(records.Where(r => r.SignedAt is { } at && at >= start && at < end).ToList());
                return new MonthlyCompliance(start.ToOffset(offset).ToString("yyyy-MM", CultureInfo.InvariantCulture), signed, onTime, percent);
            })
            .ToList();
        return new SlaDashboardView(from, now, rows, monthly);
    }

    /// <summary>Nearest-rank percentile (no interpolation: every figure shown is a real document's time).</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? null : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)], 1);

    private static (int Signed, int OnTime, double? Percent) Compliance(IReadOnlyList<Record> signed)
    {
        var withDue = signed.Where(r => r.DueAt is not null).ToList();
        var onTime = withDue.Count(r => r.SignedAt <= r.DueAt);
        return (withDue.Count, onTime, withDue.Count == 0 ? null : Math.Round(100.0 * onTime / withDue.Count, 1));
    }

    private static bool IsOpen(DocumentStatus status) =>
        status is DocumentStatus.Queued or DocumentStatus.Signing or DocumentStatus.PendingParaf or DocumentStatus.PendingApproval or DocumentStatus.Failed;

    /// <summary>The start of the calendar month <paramref name="back"/> months before the current one, in Pemda time.</summary>
    private static DateTimeOffset MonthStart(DateTimeOffset now, TimeSpan offset, int back)
    {
        var local = now.ToOffset(offset);
        var first = new DateTimeOffset(local.Year, local.Month, 1, 0, 0, 0, offset);
        return first.AddMonths(-back);
    }
}
