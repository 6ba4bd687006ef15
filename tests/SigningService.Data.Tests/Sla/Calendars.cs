using SigningService.Domain.Sla;

namespace SigningService.Data.Tests.Sla;

/// <summary>Calendars and instants the SLA tests share.</summary>
internal static class Calendars
{
    /// <summary>
    /// Hari libur nasional and cuti bersama 2026 (SKB 3 Menteri No. 1497/2025, 2/2025, 5/2025): 17 holidays and
    /// 8 days of cuti bersama, plus New Year's Day 2027.
    /// </summary>
    public static readonly string[] Holidays2026 =
    [
        "2026-01-01", "2026-01-16", "2026-02-16", "2026-02-17", "2026-03-18", "2026-03-19", "2026-03-20", "2026-03-21",
        "2026-03-22", "2026-03-23", "2026-03-24", "2026-04-03", "2026-04-05", "2026-05-01", "2026-05-14", "2026-05-15",
        "2026-05-27", "2026-05-28", "2026-05-31", "2026-06-01", "2026-06-16", "2026-08-17", "2026-08-25", "2026-12-24",
        "2026-12-25", "2027-01-01",
    ];

    /// <summary>Monday to Friday 08:00–16:00 WIB with the 2026 national holidays.</summary>
    public static readonly WorkingCalendar Wib2026 = WorkingCalendar.FromOptions(new WorkingCalendarOptions
    {
        UtcOffset = "+07:00",
        Days = Weekdays("08:00-16:00"),
        Holidays = [.. Holidays2026],
    });

    /// <summary>
    /// A WITA Pemda with a lunch break and a longer Friday break for Friday prayers: Mon–Thu 07:30–12:00 and
    /// 13:00–16:00, Fri 07:30–11:30 and 13:30–16:30, with the 2026 holidays.
    /// </summary>
    public static readonly WorkingCalendar WitaWithBreaks = WorkingCalendar.FromOptions(new WorkingCalendarOptions
    {
        UtcOffset = "+08:00",
        Days = new()
        {
            [DayOfWeek.Monday] = ["07:30-12:00", "13:00-16:00"],
            [DayOfWeek.Tuesday] = ["07:30-12:00", "13:00-16:00"],
            [DayOfWeek.Wednesday] = ["07:30-12:00", "13:00-16:00"],
            [DayOfWeek.Thursday] = ["07:30-12:00", "13:00-16:00"],
            [DayOfWeek.Friday] = ["07:30-11:30", "13:30-16:30"],
        },
        Holidays = [.. Holidays2026],
    });

    public static Dictionary<DayOfWeek, List<string>> Weekdays(params string[] intervals) => new()
    {
        [DayOfWeek.Monday] = [.. intervals],
        [DayOfWeek.Tuesday] = [.. intervals],
        [DayOfWeek.Wednesday] = [.. intervals],
        [DayOfWeek.Thursday] = [.. intervals],
        [DayOfWeek.Friday] = [.. intervals],
    };

    /// <summary>A local time in Jakarta (WIB, +07:00).</summary>
    public static DateTimeOffset Wib(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, WorkingCalendar.Wib);

    /// <summary>A local time in Makassar (WITA, +08:00).</summary>
    public static DateTimeOffset Wita(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, WorkingCalendar.Wita);

    public static TimeSpan Hours(double hours) => TimeSpan.FromHours(hours);
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}
