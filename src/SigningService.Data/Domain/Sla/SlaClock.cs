namespace SigningService.Domain.Sla;

/// <summary>How a document stands against its document type's SLA.</summary>
public enum SlaState
{
    /// <summary>Less than the at-risk share of the SLA's working time has passed.</summary>
    OnTime = 0,

    /// <summary>The at-risk share (by default 80 %) has passed but the document is not yet due: time to chase the signer.</summary>
    AtRisk = 1,

    /// <summary>The due time has come and the document is still open.</summary>
    Overdue = 2,
}

/// <summary>
/// A document's SLA at one moment. <see cref="FractionSpent"/> is working time elapsed over the SLA; it keeps
/// growing past 1 once overdue (1.5 = half the SLA again), so dashboards can rank how late things are.
/// </summary>
public sealed record SlaStatus(
    DateTimeOffset SubmittedAt, TimeSpan Sla, DateTimeOffset DueAt, TimeSpan WorkingTimeElapsed, double FractionSpent, SlaState State)
{
    /// <summary>Working time left before the due time; zero once due.</summary>
    public TimeSpan WorkingTimeRemaining => WorkingTimeElapsed < Sla ? Sla - WorkingTimeElapsed : TimeSpan.Zero;
}

/// <summary>
/// Measures SLAs in working time on a Pemda's <see cref="WorkingCalendar"/>: the clock stops outside office
/// hours, at weekends and on holidays. "Now" comes from a <see cref="TimeProvider"/> so tests can fix it; the
/// static <see cref="Evaluate(WorkingCalendar, DateTimeOffset, TimeSpan, DateTimeOffset, double)"/> takes it
/// explicitly for callers that already hold one (a report evaluating many documents at the same instant).
/// </summary>
public sealed class SlaClock
{
    /// <summary>At-risk once 80 % of the SLA's working time has passed.</summary>
    public const double DefaultAtRiskThreshold = 0.8;

    private readonly TimeProvider _clock;

    public SlaClock(WorkingCalendar calendar, TimeProvider? clock = null, double atRiskThreshold = DefaultAtRiskThreshold)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ValidateThreshold(atRiskThreshold);
        Calendar = calendar;
        _clock = clock ?? TimeProvider.System;
        AtRiskThreshold = atRiskThreshold;
    }

    public WorkingCalendar Calendar { get; }

    /// <summary>The share of the SLA (in (0, 1]) from which a document not yet due is <see cref="SlaState.AtRisk"/>.</summary>
    public double AtRiskThreshold { get; }

    /// <summary>When a document submitted at <paramref name="submittedAt"/> with this SLA is due.</summary>
    public DateTimeOffset DueAt(DateTimeOffset submittedAt, TimeSpan sla)
    {
        ValidateSla(sla);
        return Calendar.AddWorkingTime(submittedAt, sla);
    }

    /// <summary>The document's SLA status now, by this clock's time provider.</summary>
    public SlaStatus Evaluate(DateTimeOffset submittedAt, TimeSpan sla) =>
        Evaluate(Calendar, submittedAt, sla, _clock.GetUtcNow(), AtRiskThreshold);

    /// <summary>
    /// The SLA status at <paramref name="now"/>: <see cref="SlaState.Overdue"/> from the due time on, else
    /// <see cref="SlaState.AtRisk"/> once the fraction spent reaches <paramref name="atRiskThreshold"/>, else
    /// <see cref="SlaState.OnTime"/>.
    /// </summary>
    public static SlaStatus Evaluate(
        WorkingCalendar calendar, DateTimeOffset submittedAt, TimeSpan sla, DateTimeOffset now, double atRiskThreshold = DefaultAtRiskThreshold)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ValidateSla(sla);
        ValidateThreshold(atRiskThreshold);

        var due = calendar.AddWorkingTime(submittedAt, sla);
        var elapsed = calendar.WorkingTimeBetween(submittedAt, now);
        var fraction = (double)elapsed.Ticks / sla.Ticks;
        var state = now >= due ? SlaState.Overdue
            : fraction >= atRiskThreshold ? SlaState.AtRisk
            : SlaState.OnTime;
        return new SlaStatus(submittedAt, sla, due, elapsed, fraction, state);
    }

    private static void ValidateSla(TimeSpan sla)
    {
        if (sla <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(sla), sla, "An SLA must be a positive amount of working time.");
    }

    private static void ValidateThreshold(double atRiskThreshold)
    {
        if (!(atRiskThreshold > 0 && atRiskThreshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(atRiskThreshold), atRiskThreshold, "The at-risk threshold must be a share of the SLA in (0, 1], e.g. 0.8.");
    }
}
