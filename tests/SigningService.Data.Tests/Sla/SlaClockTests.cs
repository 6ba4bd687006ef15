using SigningService.Domain.Sla;
using static SigningService.Data.Tests.Sla.Calendars;

namespace SigningService.Data.Tests.Sla;

public sealed class SlaClockTests
{
    // Submitted Monday 5 January 2026 08:00 WIB with a 10-working-hour SLA: due Tuesday 10:00.
    private static readonly DateTimeOffset Submitted = Wib(2026, 1, 5, 8);
    private static readonly TimeSpan TenHours = Hours(10);

    [Fact]
    public void The_due_time_is_the_SLA_added_in_working_time()
    {
        var clock = new SlaClock(WorkingCalendar.Default, new ManualClock(Submitted));

        Assert.Equal(Wib(2026, 1, 6, 10), clock.DueAt(Submitted, TenHours));
        Assert.Equal(Wib(2026, 1, 6, 10), clock.Evaluate(Submitted, TenHours).DueAt);
    }

    [Fact]
    public void At_79_percent_spent_a_document_is_on_time()
    {
        var clock = new SlaClock(WorkingCalendar.Default, new ManualClock(Wib(2026, 1, 5, 15, 54)));

        var status = clock.Evaluate(Submitted, TenHours);

        Assert.Equal(0.79, status.FractionSpent, 10);
        Assert.Equal(SlaState.OnTime, status.State);
        Assert.Equal(TimeSpan.FromMinutes(126), status.WorkingTimeRemaining);
    }

    [Fact]
    public void At_80_percent_spent_a_document_is_at_risk()
    {
        var clock = new SlaClock(WorkingCalendar.Default, new ManualClock(Wib(2026, 1, 5, 16)));

        var status = clock.Evaluate(Submitted, TenHours);

        Assert.Equal(0.8, status.FractionSpent);
        Assert.Equal(SlaState.AtRisk, status.State);
    }

    [Fact]
    public void At_the_due_time_a_document_is_overdue_and_the_fraction_keeps_growing_after()
    {
        var now = new ManualClock(Wib(2026, 1, 6, 10));
        var clock = new SlaClock(WorkingCalendar.Default, now);

        var atDue = clock.Evaluate(Submitted, TenHours);
        Assert.Equal(SlaState.Overdue, atDue.State);
        Assert.Equal(1.0, atDue.FractionSpent);
        Assert.Equal(TimeSpan.Zero, atDue.WorkingTimeRemaining);

        now.Now = Wib(2026, 1, 6, 15);
        var later = clock.Evaluate(Submitted, TenHours);
        Assert.Equal(SlaState.Overdue, later.State);
        Assert.Equal(1.5, later.FractionSpent);
    }

    [Fact]
    public void One_tick_before_the_due_time_a_document_is_still_only_at_risk()
    {
        var status = SlaClock.Evaluate(WorkingCalendar.Default, Submitted, TenHours, Wib(2026, 1, 6, 10).AddTicks(-1));
        Assert.Equal(SlaState.AtRisk, status.State);
    }

    [Fact]
    public void Working_time_does_not_advance_over_the_weekend()
    {
        // Submitted Thursday 08:00 with a three-working-day SLA.
        var submitted = Wib(2026, 1, 8, 8);
        var now = new ManualClock(Wib(2026, 1, 9, 16));
        var clock = new SlaClock(WorkingCalendar.Default, now);

        var fridayClosing = clock.Evaluate(submitted, Hours(24));
        now.Now = Wib(2026, 1, 10, 12);
        var saturdayNoon = clock.Evaluate(submitted, Hours(24));
        now.Now = Wib(2026, 1, 12, 8);
        var mondayOpening = clock.Evaluate(submitted, Hours(24));

        Assert.Equal(2.0 / 3, fridayClosing.FractionSpent, 10);
        Assert.Equal(fridayClosing.FractionSpent, saturdayNoon.FractionSpent);
        Assert.Equal(fridayClosing.FractionSpent, mondayOpening.FractionSpent);
        Assert.All([fridayClosing, saturdayNoon, mondayOpening], s => Assert.Equal(SlaState.OnTime, s.State));
    }

    [Fact]
    public void Idul_Fitri_cuti_bersama_keeps_a_document_on_time_through_the_break()
    {
        // Submitted Tuesday 17 March 2026 14:00 with one working day: 2 hours spent before the break, due 25 March 14:00.
        var submitted = Wib(2026, 3, 17, 14);

        var duringBreak = SlaClock.Evaluate(Wib2026, submitted, Hours(8), Wib(2026, 3, 23, 10));

        Assert.Equal(0.25, duringBreak.FractionSpent);
        Assert.Equal(SlaState.OnTime, duringBreak.State);
        Assert.Equal(Wib(2026, 3, 25, 14), duringBreak.DueAt);
    }

    [Fact]
    public void Before_the_clock_starts_nothing_is_spent()
    {
        var status = SlaClock.Evaluate(WorkingCalendar.Default, Wib(2026, 1, 10, 9), TenHours, Wib(2026, 1, 11, 20));

        Assert.Equal(0.0, status.FractionSpent);
        Assert.Equal(SlaState.OnTime, status.State);
        Assert.Equal(Wib(2026, 1, 13, 10), status.DueAt);
    }

    [Fact]
    public void A_Pemda_may_choose_its_own_at_risk_threshold()
    {
        var clock = new SlaClock(WorkingCalendar.Default, new ManualClock(Wib(2026, 1, 5, 13)), atRiskThreshold: 0.5);
        Assert.Equal(SlaState.AtRisk, clock.Evaluate(Submitted, TenHours).State);
        Assert.Equal(0.5, clock.AtRiskThreshold);
    }

    [Fact]
    public void A_UTC_now_is_measured_on_the_Pemdas_local_calendar()
    {
        var now = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero); // Monday 16:00 WIB
        var status = SlaClock.Evaluate(WorkingCalendar.Default, Submitted, TenHours, now);
        Assert.Equal(SlaState.AtRisk, status.State);
        Assert.Equal(Hours(8), status.WorkingTimeElapsed);
    }

    [Fact]
    public void A_zero_or_negative_SLA_and_a_threshold_outside_zero_to_one_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SlaClock.Evaluate(WorkingCalendar.Default, Submitted, TimeSpan.Zero, Submitted));
        Assert.Throws<ArgumentOutOfRangeException>(() => SlaClock.Evaluate(WorkingCalendar.Default, Submitted, Hours(-1), Submitted));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SlaClock(WorkingCalendar.Default, atRiskThreshold: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SlaClock(WorkingCalendar.Default, atRiskThreshold: 1.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SlaClock(WorkingCalendar.Default, atRiskThreshold: double.NaN));
    }
}
