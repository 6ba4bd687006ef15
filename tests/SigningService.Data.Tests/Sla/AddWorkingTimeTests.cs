using System.Diagnostics;
using SigningService.Domain.Sla;
using static SigningService.Data.Tests.Sla.Calendars;

namespace SigningService.Data.Tests.Sla;

public sealed class AddWorkingTimeTests
{
    private static readonly WorkingCalendar Default = WorkingCalendar.Default;

    [Fact]
    public void A_document_submitted_Monday_0900_with_an_8_hour_SLA_is_due_Tuesday_0900()
    {
        Assert.Equal(Wib(2026, 1, 6, 9), Default.AddWorkingTime(Wib(2026, 1, 5, 9), Hours(8)));
    }

    [Fact]
    public void A_document_submitted_Monday_0800_with_an_8_hour_SLA_is_due_Monday_1600_not_Tuesday_morning()
    {
        Assert.Equal(Wib(2026, 1, 5, 16), Default.AddWorkingTime(Wib(2026, 1, 5, 8), Hours(8)));
    }

    [Theory]
    [InlineData(10, 11)] // Saturday 11:00
    [InlineData(11, 23)] // Sunday 23:00
    public void A_document_submitted_at_the_weekend_counts_from_Monday_0800(int day, int hour)
    {
        Assert.Equal(Wib(2026, 1, 12, 10), Default.AddWorkingTime(Wib(2026, 1, day, hour), Hours(2)));
    }

    [Fact]
    public void A_document_submitted_Friday_1500_with_a_4_hour_SLA_and_Monday_a_national_holiday_is_due_Tuesday_1100()
    {
        // Monday 17 August 2026 is Independence Day.
        Assert.Equal(Wib(2026, 8, 18, 11), Wib2026.AddWorkingTime(Wib(2026, 8, 14, 15), Hours(4)));
    }

    [Fact]
    public void A_three_day_SLA_started_Friday_afternoon_before_the_2026_Nyepi_and_Idul_Fitri_break_is_due_the_Wednesday_after_it()
    {
        // Fri 13 Mar 15:00–16:00, Mon 16 and Tue 17 Mar: 17 hours. Then cuti bersama Nyepi (Wed 18), Nyepi (Thu 19),
        // cuti bersama Idul Fitri (Fri 20, Mon 23, Tue 24) and Idul Fitri itself at the weekend: work resumes Wed 25.
        Assert.Equal(Wib(2026, 3, 25, 15), Wib2026.AddWorkingTime(Wib(2026, 3, 13, 15), Hours(24)));
    }

    [Fact]
    public void A_one_day_SLA_started_the_afternoon_before_the_Idul_Fitri_break_loses_none_of_its_seven_days_off()
    {
        Assert.Equal(Wib(2026, 3, 25, 14), Wib2026.AddWorkingTime(Wib(2026, 3, 17, 14), Hours(8)));
    }

    [Fact]
    public void A_one_day_SLA_started_on_New_Years_Eve_2026_skips_New_Years_Day_2027_and_the_weekend()
    {
        Assert.Equal(Wib(2027, 1, 4, 10), Wib2026.AddWorkingTime(Wib(2026, 12, 31, 10), Hours(8)));
    }

    [Fact]
    public void A_document_submitted_on_a_holiday_counts_from_the_next_working_morning()
    {
        // Wednesday 27 May 2026 is Idul Adha and Thursday 28 cuti bersama.
        Assert.Equal(Wib(2026, 5, 29, 9), Wib2026.AddWorkingTime(Wib(2026, 5, 27, 10), Hours(1)));
    }

    [Theory]
    [InlineData(18)]
    [InlineData(23)]
    public void A_document_submitted_after_hours_counts_from_the_next_morning(int hour)
    {
        Assert.Equal(Wib(2026, 1, 7, 9), Default.AddWorkingTime(Wib(2026, 1, 6, hour), Hours(1)));
    }

    [Fact]
    public void A_document_submitted_before_hours_counts_from_0800_the_same_day()
    {
        Assert.Equal(Wib(2026, 1, 6, 9), Default.AddWorkingTime(Wib(2026, 1, 6, 6), Hours(1)));
    }

    [Fact]
    public void A_document_submitted_exactly_at_closing_time_counts_from_the_next_morning()
    {
        Assert.False(Default.IsWorkingTime(Wib(2026, 1, 6, 16)));
        Assert.Equal(Wib(2026, 1, 7, 8, 30), Default.AddWorkingTime(Wib(2026, 1, 6, 16), TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void Working_intervals_are_half_open_opening_time_is_working_time_and_closing_time_is_not()
    {
        Assert.True(Default.IsWorkingTime(Wib(2026, 1, 6, 8)));
        Assert.True(Default.IsWorkingTime(Wib(2026, 1, 6, 16).AddTicks(-1)));
        Assert.False(Default.IsWorkingTime(Wib(2026, 1, 6, 16)));
        Assert.False(Default.IsWorkingTime(Wib(2026, 1, 6, 8).AddTicks(-1)));
        Assert.False(Default.IsWorkingTime(Wib(2026, 1, 10, 10))); // Saturday
        Assert.False(Wib2026.IsWorkingTime(Wib(2026, 8, 17, 10))); // Independence Day
    }

    [Fact]
    public void A_zero_duration_is_due_at_once_and_a_negative_one_is_refused()
    {
        Assert.Equal(Wib(2026, 1, 10, 11), Default.AddWorkingTime(Wib(2026, 1, 10, 11), TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => Default.AddWorkingTime(Wib(2026, 1, 5, 9), Hours(-1)));
    }

    [Fact]
    public void The_lunch_break_and_the_Friday_prayer_break_do_not_count()
    {
        Assert.Equal(Wita(2026, 1, 5, 14), WitaWithBreaks.AddWorkingTime(Wita(2026, 1, 5, 12, 30), Hours(1)));
        Assert.Equal(Wita(2026, 1, 9, 14), WitaWithBreaks.AddWorkingTime(Wita(2026, 1, 9, 11), Hours(1)));
        Assert.False(WitaWithBreaks.IsWorkingTime(Wita(2026, 1, 9, 12)));
        // Friday ends at 16:30: 30 minutes left at 16:00, the rest on Monday from 07:30.
        Assert.Equal(Wita(2026, 1, 12, 8), WitaWithBreaks.AddWorkingTime(Wita(2026, 1, 9, 16), Hours(1)));
    }

    [Fact]
    public void A_UTC_instant_is_read_in_the_calendars_own_offset_and_the_due_time_comes_back_in_it()
    {
        var utc = new DateTimeOffset(2026, 1, 5, 0, 30, 0, TimeSpan.Zero); // Monday 08:30 WITA, 07:30 WIB

        Assert.True(WitaWithBreaks.IsWorkingTime(utc));
        Assert.False(Default.IsWorkingTime(utc));

        var due = WitaWithBreaks.AddWorkingTime(utc, Hours(1));
        Assert.Equal(Wita(2026, 1, 5, 9, 30), due);
        Assert.Equal(WorkingCalendar.Wita, due.Offset);
        Assert.Equal(Wib(2026, 1, 5, 9), Default.AddWorkingTime(utc, Hours(1)));
    }

    [Fact]
    public void Sunday_2330_UTC_is_already_Monday_morning_in_a_WIT_Pemda()
    {
        var wit = WorkingCalendar.FromOptions(new WorkingCalendarOptions { UtcOffset = "WIT", Days = Weekdays("08:00-16:00") });
        var sundayNightUtc = new DateTimeOffset(2026, 1, 4, 23, 30, 0, TimeSpan.Zero);

        Assert.True(wit.IsWorkingTime(sundayNightUtc));
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 30, 0, WorkingCalendar.Wit), wit.AddWorkingTime(sundayNightUtc, Hours(1)));
    }

    [Fact]
    public void A_30_working_day_SLA_across_a_two_week_holiday_block_is_due_on_the_right_day_and_computes_quickly()
    {
        // A Pemda that closes for the whole of the two weeks around Idul Fitri 2026 (Mon 16 – Fri 27 March).
        var holidays = Enumerable.Range(0, 12).Select(i => new DateOnly(2026, 3, 16).AddDays(i));
        var calendar = Wib2026.WithHolidays(holidays);
        var submitted = Wib(2026, 3, 2, 8);

        // Working days: 2–6 and 9–13 March (10), 30 March – 24 April (20, Good Friday 3 April is not in this list).
        Assert.Equal(Wib(2026, 4, 24, 16), calendar.AddWorkingTime(submitted, Hours(30 * 8)));

        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < 10_000; i++)
            calendar.AddWorkingTime(submitted.AddMinutes(i), Hours(30 * 8));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"10,000 30-day SLAs took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Ten_years_of_holidays_are_skipped_a_week_at_a_time_not_stepped_through()
    {
        var start = new DateOnly(2026, 1, 1);
        var tenYears = Enumerable.Range(0, 3652).Select(i => start.AddDays(i)); // 2026-01-01 .. 2035-12-31
        var calendar = WorkingCalendar.Default.WithHolidays(tenYears);

        var stopwatch = Stopwatch.StartNew();
        var due = calendar.AddWorkingTime(Wib(2026, 1, 1, 9), Hours(1));
        Assert.Equal(Wib(2036, 1, 1, 9), due); // Tuesday 1 January 2036
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void A_long_SLA_crossing_a_whole_year_of_2026_holidays_matches_day_by_day_counting()
    {
        // 200 working days from 2 January 2026: count working days one by one as a reference.
        var day = new DateOnly(2026, 1, 2);
        var counted = 0;
        while (true)
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !Wib2026.IsHoliday(day) && ++counted == 200)
                break;
            day = day.AddDays(1);
        }
        var expected = new DateTimeOffset(day.ToDateTime(new TimeOnly(16, 0)), WorkingCalendar.Wib);

        Assert.Equal(expected, Wib2026.AddWorkingTime(Wib(2026, 1, 2, 8), Hours(200 * 8)));
    }

    [Fact]
    public void More_working_time_than_fits_before_the_year_9999_is_refused_instead_of_looping()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Default.AddWorkingTime(Wib(2026, 1, 5, 9), TimeSpan.FromDays(2_000_000)));
        Assert.Contains("9999", error.Message);
    }
}
