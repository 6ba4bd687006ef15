using System.Text.Json;
using SigningService.Domain.Sla;
using static SigningService.Data.Tests.Sla.Calendars;

namespace SigningService.Data.Tests.Sla;

public sealed class WorkingCalendarOptionsTests
{
    [Fact]
    public void The_default_calendar_is_Monday_to_Friday_0800_to_1600_WIB_without_holidays()
    {
        var calendar = WorkingCalendar.Default;

        Assert.Equal(TimeSpan.FromHours(7), calendar.UtcOffset);
        Assert.Equal(Hours(40), calendar.WorkingTimePerWeek);
        Assert.Empty(calendar.Holidays);
        Assert.Empty(calendar.WorkingHours[DayOfWeek.Saturday]);
        Assert.Empty(calendar.WorkingHours[DayOfWeek.Sunday]);
        Assert.Equal([new WorkingInterval(Hours(8), Hours(16))], calendar.WorkingHours[DayOfWeek.Wednesday]);
    }

    [Fact]
    public void Options_read_from_JSON_build_the_Pemdas_calendar()
    {
        const string json = """
            {
              "UtcOffset": "+08:00",
              "Days": {
                "Monday": ["13:00-16:00", "07:30-12:00"],
                "Friday": ["07:30-11:30", "13:30-16:30"]
              },
              "Holidays": ["2026-03-20", "2026-03-23", "2026-03-24"]
            }
            """;
        var options = JsonSerializer.Deserialize<WorkingCalendarOptions>(json)!;

        var calendar = WorkingCalendar.FromOptions(options);

        Assert.Equal(WorkingCalendar.Wita, calendar.UtcOffset);
        Assert.Equal(Hours(7.5 + 7), calendar.WorkingTimePerWeek);
        Assert.Equal("07:30-12:00", calendar.WorkingHours[DayOfWeek.Monday][0].ToString()); // sorted
        Assert.Empty(calendar.WorkingHours[DayOfWeek.Tuesday]);
        Assert.True(calendar.IsHoliday(new DateOnly(2026, 3, 23)));
        Assert.Equal(3, calendar.Holidays.Count);
    }

    [Fact]
    public void Options_survive_a_JSON_round_trip()
    {
        var options = new WorkingCalendarOptions { UtcOffset = "+09:00", Days = Weekdays("08:00-16:00"), Holidays = ["2026-08-17"] };

        var copy = JsonSerializer.Deserialize<WorkingCalendarOptions>(JsonSerializer.Serialize(options))!;

        Assert.Equal(options.UtcOffset, copy.UtcOffset);
        Assert.Equal(options.Days[DayOfWeek.Friday], copy.Days[DayOfWeek.Friday]);
        Assert.Equal(options.Holidays, copy.Holidays);
        Assert.Equal(WorkingCalendar.Wit, WorkingCalendar.FromOptions(copy).UtcOffset);
    }

    [Theory]
    [InlineData("WIB", 7)]
    [InlineData("wita", 8)]
    [InlineData("WIT", 9)]
    [InlineData("+07:00", 7)]
    [InlineData("", 7)]
    public void The_offset_may_be_written_as_a_number_or_as_the_Indonesian_zone_name(string offset, int hours)
    {
        var calendar = WorkingCalendar.FromOptions(new WorkingCalendarOptions { UtcOffset = offset, Days = Weekdays("08:00-16:00") });
        Assert.Equal(TimeSpan.FromHours(hours), calendar.UtcOffset);
    }

    [Fact]
    public void Intervals_that_touch_are_allowed_and_an_interval_may_end_at_midnight()
    {
        var calendar = WorkingCalendar.FromOptions(new WorkingCalendarOptions
        {
            Days = new() { [DayOfWeek.Saturday] = ["08:00-12:00", "12:00-16:00", "20:00-24:00"] },
        });

        Assert.Equal(Hours(12), calendar.WorkingTimePerWeek);
        Assert.True(calendar.IsWorkingTime(Wib(2026, 1, 10, 12)));
        Assert.Equal(Wib(2026, 1, 11, 0), calendar.AddWorkingTime(Wib(2026, 1, 10, 20), Hours(4)));
    }

    [Theory]
    [InlineData("08.00-16.00", "Working hours for Monday: '08.00-16.00' is not in the form HH:mm-HH:mm")]
    [InlineData("8am-4pm", "is not in the form HH:mm-HH:mm")]
    [InlineData("08:00", "is not in the form HH:mm-HH:mm")]
    [InlineData("25:00-26:00", "is not in the form HH:mm-HH:mm")]
    [InlineData("16:00-08:00", "Working hours for Monday: '16:00-08:00' ends before it starts")]
    [InlineData("22:00-02:00", "ends before it starts")]
    [InlineData("08:00-08:00", "is empty")]
    public void A_badly_written_working_interval_is_refused_naming_the_day_and_the_text(string interval, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => WorkingCalendar.FromOptions(
            new WorkingCalendarOptions { Days = new() { [DayOfWeek.Monday] = [interval] } }));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Overlapping_intervals_on_one_day_are_refused_naming_both()
    {
        var error = Assert.Throws<ArgumentException>(() => WorkingCalendar.FromOptions(
            new WorkingCalendarOptions { Days = new() { [DayOfWeek.Friday] = ["13:00-16:30", "07:30-13:30"] } }));
        Assert.Contains("Working hours for Friday: '07:30-13:30' and '13:00-16:30' overlap", error.Message);
    }

    [Fact]
    public void A_calendar_without_any_working_time_is_refused()
    {
        var none = Assert.Throws<ArgumentException>(() => WorkingCalendar.FromOptions(new WorkingCalendarOptions()));
        Assert.Contains("no working time at all", none.Message);

        var emptyDays = Assert.Throws<ArgumentException>(() => WorkingCalendar.FromOptions(
            new WorkingCalendarOptions { Days = new() { [DayOfWeek.Monday] = [], [DayOfWeek.Tuesday] = [] } }));
        Assert.Contains("no working time at all", emptyDays.Message);

        var typed = Assert.Throws<ArgumentException>(() => new WorkingCalendar(WorkingCalendar.Wib, new Dictionary<DayOfWeek, IReadOnlyList<WorkingInterval>>()));
        Assert.Contains("no working time at all", typed.Message);
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("20/03/2026")]
    [InlineData("2026-3-20")]
    [InlineData("")]
    public void A_holiday_that_is_not_a_yyyy_MM_dd_date_is_refused_naming_it(string holiday)
    {
        var error = Assert.Throws<ArgumentException>(() => WorkingCalendar.FromOptions(
            new WorkingCalendarOptions { Days = Weekdays("08:00-16:00"), Holidays = ["2026-03-20", holiday] }));
        Assert.Contains($"Holiday '{holiday}' is not a date in the form yyyy-MM-dd", error.Message);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("+7:00")]
    [InlineData("+15:00")]
    [InlineData("UTC+7")]
    [InlineData("Asia/Jakarta")]
    public void An_offset_that_is_not_plus_HH_mm_is_refused_naming_it(string offset)
    {
        var error = Assert.Throws<ArgumentException>(() => WorkingCalendar.FromOptions(
            new WorkingCalendarOptions { UtcOffset = offset, Days = Weekdays("08:00-16:00") }));
        Assert.Contains($"UTC offset '{offset}' is not in the form +HH:mm", error.Message);
    }

    [Fact]
    public void Changing_the_holidays_leaves_the_original_calendar_as_it_was()
    {
        var next = Wib2026.WithHolidays([new DateOnly(2027, 3, 10)]);

        Assert.True(Wib2026.IsHoliday(new DateOnly(2026, 8, 17)));
        Assert.False(next.IsHoliday(new DateOnly(2026, 8, 17)));
        Assert.True(next.IsHoliday(new DateOnly(2027, 3, 10)));
        Assert.Equal(Wib2026.WorkingTimePerWeek, next.WorkingTimePerWeek);
    }
}
