using Microsoft.Extensions.Options;
using Quartz;
using SigningService.Data;
using SigningService.Domain.Sla;

namespace SigningService.Signing;

/// <summary>Section "Sla": the Pemda's working calendar and when a document counts as at risk.</summary>
public sealed class SlaOptions
{
    /// <summary>Working hours per weekday, holidays and UTC offset; empty days mean Monday–Friday 08:00–16:00.</summary>
    public WorkingCalendarOptions Calendar { get; set; } = new();

    /// <summary>Share of the SLA after which a document is at risk (0.8 = 80 %).</summary>
    public double AtRiskThreshold { get; set; } = SlaClock.DefaultAtRiskThreshold;

    public double IntervalSeconds { get; set; } = 60;

    /// <summary>The calendar; with no days configured, Monday to Friday 08:00–16:00 plus the configured holidays.</summary>
    public WorkingCalendar BuildCalendar() => WorkingCalendar.FromOptions(new WorkingCalendarOptions
    {
        UtcOffset = Calendar.UtcOffset,
        Holidays = Calendar.Holidays,
        Days = Calendar.Days.Count > 0
            ? Calendar.Days
            : new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
                .ToDictionary(d => d, _ => new List<string> { "08:00-16:00" }),
    });
}

/// <summary>Marks open documents at risk and overdue in working time (issue 7) and queues the escalation e-mails.</summary>
[DisallowConcurrentExecution]
public sealed class SlaJob(
    AuditedSave save, WorkingCalendar calendar, IOptions<SlaOptions> options, Notifications.SlaEscalation escalation, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("sla-sweep", "signing");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await SlaSweep.RunAsync(save, calendar, options.Value.AtRiskThreshold, now, ct,
            escalate: (document, state) => escalation.QueueAsync(save.Db, document, state, now, ct));
    }
}

/// <summary>Daily: warns of signing certificates 30 and 7 days before they expire (audit events certificate.expiring).</summary>
[DisallowConcurrentExecution]
public sealed class CertificateExpiryJob(AuditedSave save, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("certificate-expiry", "signing");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) =>
        await Domain.CertificateExpirySweep.RunAsync(save, clock.GetUtcNow(), ct);
}
