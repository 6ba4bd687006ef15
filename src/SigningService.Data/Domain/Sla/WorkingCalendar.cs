using System.Collections.ObjectModel;
using System.Globalization;

namespace SigningService.Domain.Sla;

/// <summary>
/// When a Pemda's offices work: its UTC offset, the working intervals of each weekday and its holidays
/// (national holidays and cuti bersama). SLA clocks run only in working time, so a document submitted on
/// Friday evening does not lose its weekend. Immutable: build a new one when the SKB for next year appears.
/// </summary>
/// <remarks>
/// Everything is computed in the calendar's own local time: Indonesia has no daylight saving, so one fixed
/// offset (WIB, WITA or WIT) describes a Pemda for good. Working intervals are half-open, [start, end):
/// 16:00 is not working time on a day that ends at 16:00, and a clock started then counts from the next
/// working moment. A duration that runs out exactly at the end of an interval is due at that end (16:00 the
/// same day), not at the start of the next working day.
/// </remarks>
public sealed class WorkingCalendar
{
    /// <summary>Waktu Indonesia Barat (Sumatra, Java, West and Central Kalimantan).</summary>
    public static readonly TimeSpan Wib = TimeSpan.FromHours(7);

    /// <summary>Waktu Indonesia Tengah (Bali, Nusa Tenggara, South/East/North Kalimantan, Sulawesi).</summary>
    public static readonly TimeSpan Wita = TimeSpan.FromHours(8);

    /// <summary>Waktu Indonesia Timur (Maluku, Papua).</summary>
    public static readonly TimeSpan Wit = TimeSpan.FromHours(9);

    private static readonly TimeSpan OneDay = TimeSpan.FromDays(1);

    private readonly WorkingInterval[][] _intervals = new WorkingInterval[7][];
    private readonly long[] _dayTicks = new long[7];
    private readonly long _weekTicks;
    private readonly HashSet<DateOnly> _holidays;
    private readonly DateOnly[] _sortedHolidays;

    /// <summary>Prefix sums of the working time each holiday takes away: [i] is the loss of the first i holidays.</summary>
    private readonly long[] _holidayLossPrefix;

    public WorkingCalendar(
        TimeSpan utcOffset, IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingInterval>> workingHours, IEnumerable<DateOnly>? holidays = null)
    {
        ArgumentNullException.ThrowIfNull(workingHours);
        if (utcOffset.Ticks % TimeSpan.TicksPerMinute != 0 || utcOffset.Duration() > TimeSpan.FromHours(14))
            throw new ArgumentException($"The UTC offset {utcOffset} must be whole minutes between -14:00 and +14:00.", nameof(utcOffset));
        UtcOffset = utcOffset;

        var byDay = new Dictionary<DayOfWeek, IReadOnlyList<WorkingInterval>>();
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var sorted = (workingHours.TryGetValue(day, out var list) && list is not null ? list : []).OrderBy(i => i.Start).ToArray();
            for (var i = 0; i < sorted.Length; i++)
            {
                if (sorted[i].Start < TimeSpan.Zero || sorted[i].End > OneDay || sorted[i].End <= sorted[i].Start)
                    throw new ArgumentException($"Working hours for {day}: '{sorted[i]}' is not an interval within one day that ends after it starts.", nameof(workingHours));
                if (i > 0 && sorted[i].Start < sorted[i - 1].End)
                    throw new ArgumentException($"Working hours for {day}: '{sorted[i - 1]}' and '{sorted[i]}' overlap.", nameof(workingHours));
            }
            _intervals[(int)day] = sorted;
            _dayTicks[(int)day] = sorted.Sum(i => i.Length.Ticks);
            byDay[day] = Array.AsReadOnly(sorted);
        }
        _weekTicks = _dayTicks.Sum();
        if (_weekTicks == 0)
        {
            throw new ArgumentException(
                "The working calendar has no working time at all: give at least one weekday a working interval (e.g. Monday 08:00-16:00).",
                nameof(workingHours));
        }
        WorkingHours = new ReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingInterval>>(byDay);

        _holidays = [.. holidays ?? []];
        _sortedHolidays = [.. _holidays.Order()];
        _holidayLossPrefix = new long[_sortedHolidays.Length + 1];
        for (var i = 0; i < _sortedHolidays.Length; i++)
            _holidayLossPrefix[i + 1] = _holidayLossPrefix[i] + _dayTicks[(int)_sortedHolidays[i].DayOfWeek];
        Holidays = new ReadOnlySet<DateOnly>(_holidays);
    }

    /// <summary>Monday to Friday 08:00–16:00 WIB, no holidays: what a Pemda gets until it configures its own.</summary>
    public static WorkingCalendar Default { get; } = new(Wib, MondayToFriday(new WorkingInterval(TimeSpan.FromHours(8), TimeSpan.FromHours(16))));

    /// <summary>The Pemda's fixed offset from UTC (no DST in Indonesia).</summary>
    public TimeSpan UtcOffset { get; }

    /// <summary>Working intervals per weekday, sorted; every weekday is present, a day off has none.</summary>
    public IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingInterval>> WorkingHours { get; }

    /// <summary>Local dates on which nobody works, whatever the weekday says.</summary>
    public IReadOnlySet<DateOnly> Holidays { get; }

    /// <summary>Working time in an ordinary week without holidays.</summary>
    public TimeSpan WorkingTimePerWeek => TimeSpan.FromTicks(_weekTicks);

    /// <summary>The same intervals for Monday to Friday, none at the weekend.</summary>
    public static IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingInterval>> MondayToFriday(params WorkingInterval[] intervals) =>
        new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .ToDictionary(d => d, IReadOnlyList<WorkingInterval> (_) => intervals);

    /// <summary>Builds a calendar from configuration, with an <see cref="ArgumentException"/> naming the first problem.</summary>
    public static WorkingCalendar FromOptions(WorkingCalendarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var offset = ParseOffset(options.UtcOffset);
        var days = new Dictionary<DayOfWeek, IReadOnlyList<WorkingInterval>>();
        foreach (var (day, texts) in options.Days ?? [])
        {
            if (!Enum.IsDefined(day))
                throw new ArgumentException($"Working hours: '{(int)day}' is not a day of the week.", nameof(options));
            days[day] = (texts ?? []).Select(text => WorkingInterval.Parse(text, $"Working hours for {day}")).ToArray();
        }
        var holidays = (options.Holidays ?? []).Select(ParseHoliday).ToArray();
        return new WorkingCalendar(offset, days, holidays);
    }

    /// <summary>This calendar with another holiday list (next year's SKB), the hours unchanged.</summary>
    public WorkingCalendar WithHolidays(IEnumerable<DateOnly> holidays) => new(UtcOffset, WorkingHours, holidays);

    public bool IsHoliday(DateOnly localDate) => _holidays.Contains(localDate);

    public bool IsWorkingTime(DateTimeOffset at)
    {
        var (date, time) = ToLocal(at);
        return !IsHoliday(date) && _intervals[(int)date.DayOfWeek].Any(i => i.Start <= time && time < i.End);
    }

    /// <summary>
    /// The earliest instant by which <paramref name="workingDuration"/> of working time has passed since
    /// <paramref name="start"/>; a start outside working hours counts from the next working moment. Returned in
    /// the calendar's offset. Whole weeks and holiday runs are skipped at once, so a 30-working-day SLA costs a
    /// handful of steps. A zero duration returns <paramref name="start"/> itself.
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan workingDuration)
    {
        if (workingDuration < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(workingDuration), workingDuration, "A working duration cannot be negative.");
        if (_weekTicks == 0)
            throw new InvalidOperationException("The working calendar has no working time at all, so no working duration can ever pass.");
        if (workingDuration == TimeSpan.Zero)
            return start.ToOffset(UtcOffset);

        var (date, time) = ToLocal(start);
        var remaining = workingDuration.Ticks;
        if (TryFinishOn(date, time, ref remaining, out var due))
            return due;
        date = AdvanceDays(date, 1, workingDuration);
        while (true)
        {
            // More than a week of work left: skip whole weeks at once (holidays in them are subtracted exactly).
            // Within the last week, skip it too if holidays leave less work in it than remains.
            var weeks = (remaining - 1) / _weekTicks;
            if (weeks == 0 && WholeDayTicks(date, date.DayNumber + 7) < remaining)
                weeks = 1;
            if (weeks > 0)
            {
                var next = AdvanceDays(date, weeks * 7, workingDuration);
                remaining -= WholeDayTicks(date, next.DayNumber);
                date = next;
                continue;
            }
            if (TryFinishOn(date, TimeSpan.Zero, ref remaining, out due))
                return due;
            date = AdvanceDays(date, 1, workingDuration);
        }
    }

    /// <summary>Working time in [<paramref name="from"/>, <paramref name="to"/>); zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
            return TimeSpan.Zero;
        var (fromDate, fromTime) = ToLocal(from);
        var (toDate, toTime) = ToLocal(to);
        if (fromDate == toDate)
            return TimeSpan.FromTicks(WorkedOn(fromDate, fromTime, toTime));
        return TimeSpan.FromTicks(
            WorkedOn(fromDate, fromTime, OneDay) + WholeDayTicks(fromDate.AddDays(1), toDate.DayNumber) + WorkedOn(toDate, TimeSpan.Zero, toTime));
    }

    private (DateOnly Date, TimeSpan Time) ToLocal(DateTimeOffset at)
    {
        var local = at.ToOffset(UtcOffset).DateTime;
        return (DateOnly.FromDateTime(local), local.TimeOfDay);
    }

    private DateTimeOffset AtLocal(DateOnly date, TimeSpan time) => new(date.ToDateTime(TimeOnly.MinValue).Add(time), UtcOffset);

    /// <summary>Spends working time on one day from <paramref name="from"/> on; true with the instant if it runs out there.</summary>
    private bool TryFinishOn(DateOnly date, TimeSpan from, ref long remaining, out DateTimeOffset due)
    {
        due = default;
        if (IsHoliday(date))
            return false;
        foreach (var interval in _intervals[(int)date.DayOfWeek])
        {
            if (interval.End <= from)
                continue;
            var begin = interval.Start > from ? interval.Start : from;
            var available = (interval.End - begin).Ticks;
            if (remaining <= available)
            {
                due = AtLocal(date, begin + TimeSpan.FromTicks(remaining));
                return true;
            }
            remaining -= available;
        }
        return false;
    }

    /// <summary>Working ticks on one local date between two times of day.</summary>
    private long WorkedOn(DateOnly date, TimeSpan from, TimeSpan to)
    {
        if (IsHoliday(date))
            return 0;
        long ticks = 0;
        foreach (var interval in _intervals[(int)date.DayOfWeek])
        {
            var begin = interval.Start > from ? interval.Start : from;
            var end = interval.End < to ? interval.End : to;
            if (end > begin)
                ticks += (end - begin).Ticks;
        }
        return ticks;
    }

    /// <summary>Working ticks in the whole days [<paramref name="first"/>, <paramref name="endDayNumber"/>), in constant time plus two binary searches.</summary>
    private long WholeDayTicks(DateOnly first, long endDayNumber)
    {
        var days = endDayNumber - first.DayNumber;
        if (days <= 0)
            return 0;
        var ticks = days / 7 * _weekTicks;
        for (var i = 0; i < days % 7; i++)
            ticks += _dayTicks[((int)first.DayOfWeek + i) % 7];
        var lo = LowerBound(first.DayNumber);
        var hi = LowerBound(endDayNumber);
        return ticks - (_holidayLossPrefix[hi] - _holidayLossPrefix[lo]);
    }

    /// <summary>Index of the first holiday on or after the given day number.</summary>
    private int LowerBound(long dayNumber)
    {
        int lo = 0, hi = _sortedHolidays.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sortedHolidays[mid].DayNumber < dayNumber)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    private static DateOnly AdvanceDays(DateOnly date, long days, TimeSpan workingDuration)
    {
        if (date.DayNumber + days > DateOnly.MaxValue.DayNumber)
        {
            throw new ArgumentOutOfRangeException(
                nameof(workingDuration), workingDuration, "This much working time does not pass before the end of the year 9999 in this calendar.");
        }
        return date.AddDays((int)days);
    }

    private static TimeSpan ParseOffset(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        switch (trimmed.ToUpperInvariant())
        {
            case "":
            case "WIB":
                return Wib;
            case "WITA":
                return Wita;
            case "WIT":
                return Wit;
        }
        if (trimmed.Length == 6 && trimmed[0] is '+' or '-'
            && TimeSpan.TryParseExact(trimmed[1..], @"hh\:mm", CultureInfo.InvariantCulture, out var magnitude)
            && magnitude <= TimeSpan.FromHours(14))
        {
            return trimmed[0] == '-' ? -magnitude : magnitude;
        }
        throw new ArgumentException(
            $"UTC offset '{text}' is not in the form +HH:mm between -14:00 and +14:00 (e.g. +07:00 for WIB, +08:00 for WITA, +09:00 for WIT).",
            "options");
    }

    private static DateOnly ParseHoliday(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ArgumentException($"Holiday '{text}' is not a date in the form yyyy-MM-dd (e.g. 2026-03-20).", "options");
}

/// <summary>One stretch of working time in a local day, [Start, End); End may be 24:00.</summary>
public readonly record struct WorkingInterval(TimeSpan Start, TimeSpan End)
{
    public TimeSpan Length => End - Start;

    /// <summary>Parses "HH:mm-HH:mm" (end up to 24:00); <paramref name="context"/> starts the error message.</summary>
    public static WorkingInterval Parse(string? text, string context = "Working hours")
    {
        var parts = (text ?? "").Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !TryParseTime(parts[0], out var start) || !TryParseTime(parts[1], out var end))
            throw new ArgumentException($"{context}: '{text}' is not in the form HH:mm-HH:mm (e.g. 08:00-16:00).", "options");
        if (end == start)
            throw new ArgumentException($"{context}: '{text}' is empty (it ends when it starts).", "options");
        if (end < start)
            throw new ArgumentException($"{context}: '{text}' ends before it starts (a working interval cannot cross midnight).", "options");
        return new WorkingInterval(start, end);
    }

    public override string ToString() => $"{Format(Start)}-{Format(End)}";

    private static bool TryParseTime(string text, out TimeSpan time)
    {
        if (text == "24:00")
        {
            time = TimeSpan.FromDays(1);
            return true;
        }
        return TimeSpan.TryParseExact(text, @"hh\:mm", CultureInfo.InvariantCulture, out time) && time < TimeSpan.FromDays(1);
    }

    private static string Format(TimeSpan time) =>
        $"{(int)time.TotalHours:00}:{time.Minutes:00}";
}

/// <summary>
/// A Pemda's working calendar as it appears in configuration or JSON; <see cref="WorkingCalendar.FromOptions"/>
/// validates it. Example: <c>{ "UtcOffset": "+08:00", "Days": { "Monday": ["07:30-12:00", "13:00-16:00"] },
/// "Holidays": ["2026-03-20"] }</c>.
/// </summary>
public sealed class WorkingCalendarOptions
{
    /// <summary>"+07:00" (WIB, the default), "+08:00" (WITA), "+09:00" (WIT); the names WIB/WITA/WIT work too.</summary>
    public string UtcOffset { get; set; } = "+07:00";

    /// <summary>Working intervals "HH:mm-HH:mm" per weekday; a weekday left out is a day off.</summary>
    public Dictionary<DayOfWeek, List<string>> Days { get; set; } = [];

    /// <summary>Local dates "yyyy-MM-dd": national holidays and cuti bersama from the SKB, regional holidays.</summary>
    public List<string> Holidays { get; set; } = [];
}
