using SigningService.Domain.Sla;
using static SigningService.Data.Tests.Sla.Calendars;

namespace SigningService.Data.Tests.Sla;

public sealed class WorkingTimeBetweenTests
{
    public static TheoryData<string> CalendarNames => ["Default", "Wib2026", "WitaWithBreaks"];

    private static WorkingCalendar Named(string name) => name switch
    {
        "Default" => WorkingCalendar.Default,
        "Wib2026" => Wib2026,
        "WitaWithBreaks" => WitaWithBreaks,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Fact]
    public void From_Monday_0900_to_Tuesday_0900_is_one_working_day_of_8_hours()
    {
        Assert.Equal(Hours(8), WorkingCalendar.Default.WorkingTimeBetween(Wib(2026, 1, 5, 9), Wib(2026, 1, 6, 9)));
    }

    [Fact]
    public void No_working_time_passes_between_Friday_closing_and_Monday_opening()
    {
        Assert.Equal(TimeSpan.Zero, WorkingCalendar.Default.WorkingTimeBetween(Wib(2026, 1, 9, 16), Wib(2026, 1, 12, 8)));
    }

    [Fact]
    public void The_seven_days_of_Nyepi_and_Idul_Fitri_2026_add_no_working_time()
    {
        Assert.Equal(TimeSpan.Zero, Wib2026.WorkingTimeBetween(Wib(2026, 3, 17, 16), Wib(2026, 3, 25, 8)));
        Assert.Equal(Hours(5 * 8), WorkingCalendar.Default.WorkingTimeBetween(Wib(2026, 3, 17, 16), Wib(2026, 3, 25, 8)));
    }

    [Fact]
    public void An_end_not_after_the_start_gives_zero()
    {
        Assert.Equal(TimeSpan.Zero, WorkingCalendar.Default.WorkingTimeBetween(Wib(2026, 1, 6, 9), Wib(2026, 1, 5, 9)));
        Assert.Equal(TimeSpan.Zero, WorkingCalendar.Default.WorkingTimeBetween(Wib(2026, 1, 6, 9), Wib(2026, 1, 6, 9)));
    }

    [Fact]
    public void Instants_in_different_offsets_are_compared_as_instants()
    {
        var mondayNineWib = new DateTimeOffset(2026, 1, 5, 2, 0, 0, TimeSpan.Zero);
        Assert.Equal(Hours(8), WorkingCalendar.Default.WorkingTimeBetween(mondayNineWib, Wita(2026, 1, 6, 10)));
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void Adding_a_working_duration_and_measuring_it_back_gives_the_same_duration(string calendarName)
    {
        var calendar = Named(calendarName);
        var random = new Random(20260320);
        for (var i = 0; i < 3_000; i++)
        {
            var start = RandomInstant(random, calendar.UtcOffset);
            var duration = RandomDuration(random);

            var due = calendar.AddWorkingTime(start, duration);

            Assert.True(due >= start, $"{start:o} + {duration}: due {due:o} is before the start");
            Assert.Equal(duration, calendar.WorkingTimeBetween(start, due));
            if (duration > TimeSpan.Zero)
            {
                // The earliest such instant: the tick before it was still working time and still short of the duration.
                Assert.True(calendar.IsWorkingTime(due.AddTicks(-1)), $"{start:o} + {duration}: due {due:o} right after non-working time");
                Assert.True(calendar.WorkingTimeBetween(start, due.AddTicks(-1)) < duration);
            }
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void Measuring_the_working_time_between_two_instants_and_adding_it_back_lands_at_the_last_working_moment(string calendarName)
    {
        var calendar = Named(calendarName);
        var random = new Random(17081945);
        for (var i = 0; i < 3_000; i++)
        {
            var from = RandomInstant(random, calendar.UtcOffset);
            var to = from + TimeSpan.FromMinutes(random.Next(0, 60 * 24 * 45));

            var between = calendar.WorkingTimeBetween(from, to);
            var back = calendar.AddWorkingTime(from, between);

            Assert.True(back <= to, $"{from:o}..{to:o}: {between} added back gives {back:o}, after the end");
            Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(back, to));
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void Working_time_between_agrees_with_counting_working_minutes_one_by_one(string calendarName)
    {
        var calendar = Named(calendarName);
        var random = new Random(1945);
        for (var i = 0; i < 200; i++)
        {
            var from = RandomInstant(random, calendar.UtcOffset, wholeMinutes: true);
            var to = from + TimeSpan.FromMinutes(random.Next(0, 60 * 24 * 10));

            var minutes = 0;
            for (var t = from; t < to; t = t.AddMinutes(1))
            {
                if (calendar.IsWorkingTime(t))
                    minutes++;
            }

            Assert.Equal(TimeSpan.FromMinutes(minutes), calendar.WorkingTimeBetween(from, to));
        }
    }

    /// <summary>
    /// Any instant from December 2025 to early 2027, often on an interval edge of the calendar's local day, then
    /// expressed in WIB, WITA, WIT or UTC.
    /// </summary>
    private static DateTimeOffset RandomInstant(Random random, TimeSpan calendarOffset, bool wholeMinutes = false)
    {
        TimeSpan[] offsets = [WorkingCalendar.Wib, WorkingCalendar.Wita, WorkingCalendar.Wit, TimeSpan.Zero];
        var day = new DateTime(2025, 12, 1).AddDays(random.Next(0, 400));
        TimeSpan[] edges = [Hours(7.5), Hours(8), Hours(11.5), Hours(12), Hours(13), Hours(13.5), Hours(16), Hours(16.5)];
        var time = random.Next(4) == 0
            ? edges[random.Next(edges.Length)]
            : TimeSpan.FromMinutes(random.Next(0, 24 * 60)) + (wholeMinutes ? TimeSpan.Zero : TimeSpan.FromTicks(random.NextInt64(TimeSpan.TicksPerMinute)));
        var local = new DateTimeOffset(day + time, calendarOffset);
        return local.ToOffset(offsets[random.Next(offsets.Length)]);
    }

    /// <summary>Zero, a few minutes, or up to 40 working days, sometimes with odd ticks.</summary>
    private static TimeSpan RandomDuration(Random random) => random.Next(5) switch
    {
        0 => TimeSpan.FromMinutes(random.Next(0, 60)),
        1 => TimeSpan.FromTicks(random.NextInt64(1, Hours(16).Ticks)),
        2 => Hours(8 * random.Next(0, 41)),
        _ => TimeSpan.FromMinutes(random.Next(0, 40 * 8 * 60)),
    };
}
