using System.Globalization;

namespace Signing.Pdf;

/// <summary>Date strings (ISO 32000-1 §7.9.4): D:YYYYMMDDHHmmSSOHH'mm'.</summary>
internal static class PdfDate
{
    public static string Format(DateTimeOffset value)
    {
        var offset = value.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var magnitude = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture,
            $"D:{value:yyyyMMddHHmmss}{sign}{magnitude.Hours:00}'{magnitude.Minutes:00}'");
    }

    /// <summary>Parses the forms real files use: trailing fields may be omitted, Z or no zone means UTC.</summary>
    public static DateTimeOffset? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var s = text.Trim();
        if (s.StartsWith("D:", StringComparison.Ordinal))
        {
            s = s[2..];
        }

        var digits = 0;
        while (digits < s.Length && digits < 14 && char.IsAsciiDigit(s[digits]))
        {
            digits++;
        }

        if (digits < 4 || digits % 2 != 0)
        {
            return null;
        }

        int Field(int start, int fallback) => start + 2 <= digits ? int.Parse(s.AsSpan(start, 2), CultureInfo.InvariantCulture) : fallback;
        var year = int.Parse(s.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var offset = ParseOffset(s[digits..]);
        if (offset is null)
        {
            return null;
        }

        try
        {
            return new DateTimeOffset(year, Field(4, 1), Field(6, 1), Field(8, 0), Field(10, 0), Field(12, 0), offset.Value);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static TimeSpan? ParseOffset(string zone)
    {
        if (zone.Length == 0 || zone[0] == 'Z')
        {
            return TimeSpan.Zero;
        }

        if (zone[0] is not ('+' or '-'))
        {
            return null;
        }

        var digits = new string(zone.Skip(1).Where(char.IsAsciiDigit).Take(4).ToArray());
        if (digits.Length < 2)
        {
            return null;
        }

        var hours = int.Parse(digits.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var minutes = digits.Length >= 4 ? int.Parse(digits.AsSpan(2, 2), CultureInfo.InvariantCulture) : 0;
        if (hours > 14 || minutes > 59)
        {
            return null;
        }

        var magnitude = new TimeSpan(hours, minutes, 0);
        return zone[0] == '-' ? -magnitude : magnitude;
    }
}
