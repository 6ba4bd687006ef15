using System.Globalization;

namespace Signing.Stamps;

/// <summary>Indonesia's three time zones: WIB UTC+7, WITA UTC+8, WIT UTC+9 (no daylight saving).</summary>
public enum IndonesianTimeZone { Wib, Wita, Wit }

/// <summary>What the visible stamp shows.</summary>
public sealed record StampContent
{
    /// <summary>Verification URL, encoded in the QR exactly, byte for byte.</summary>
    public required string QrUrl { get; init; }

    public required string SignerName { get; init; }

    /// <summary>Jabatan, e.g. "Kepala Dinas" or "Plh. Kepala Dinas".</summary>
    public string? Position { get; init; }

    /// <summary>E.g. "a.n. Wali Kota Malang"; printed above <see cref="Position"/>.</summary>
    public string? OnBehalfOf { get; init; }

    /// <summary>The OPD.</summary>
    public string? Organisation { get; init; }

    public required DateTimeOffset SignedAt { get; init; }

    public IndonesianTimeZone Zone { get; init; } = IndonesianTimeZone.Wib;

    /// <summary>Printed under the text; defaults to <see cref="QrUrl"/> without its scheme.</summary>
    public string? ShortUrl { get; init; }

    public string Heading { get; init; } = "Ditandatangani secara elektronik oleh";

    /// <summary>Deployment-configurable footer sentence (e.g. the BSrE sentence); small text, wrapped.</summary>
    public string? Footer { get; init; }

    /// <summary>The URL line as printed: <see cref="ShortUrl"/>, else <see cref="QrUrl"/> minus "scheme://".</summary>
    public string DisplayUrl => ShortUrl ?? StripScheme(QrUrl);

    /// <summary>The date line as printed, e.g. "22 November 2026 14:05 WIB".</summary>
    public string DateLine => IndonesianTime.Format(SignedAt, Zone);

    private static string StripScheme(string url)
    {
        var separator = url.IndexOf("://", StringComparison.Ordinal);
        return separator > 0 && url[..separator].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')
            ? url[(separator + 3)..]
            : url;
    }
}

/// <summary>Indonesian civil time formatting.</summary>
public static class IndonesianTime
{
    private static readonly string[] Months =
    [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni",
        "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ];

    public static TimeSpan Offset(IndonesianTimeZone zone) => zone switch
    {
        IndonesianTimeZone.Wib => TimeSpan.FromHours(7),
        IndonesianTimeZone.Wita => TimeSpan.FromHours(8),
        IndonesianTimeZone.Wit => TimeSpan.FromHours(9),
        _ => throw new ArgumentOutOfRangeException(nameof(zone), zone, "Unknown Indonesian time zone."),
    };

    public static string Abbreviation(IndonesianTimeZone zone) => zone switch
    {
        IndonesianTimeZone.Wib => "WIB",
        IndonesianTimeZone.Wita => "WITA",
        IndonesianTimeZone.Wit => "WIT",
        _ => throw new ArgumentOutOfRangeException(nameof(zone), zone, "Unknown Indonesian time zone."),
    };

    /// <summary>"22 November 2026 14:05 WIB": the instant converted to the zone, Indonesian month name.</summary>
    public static string Format(DateTimeOffset instant, IndonesianTimeZone zone)
    {
        var local = instant.ToOffset(Offset(zone));
        return string.Create(CultureInfo.InvariantCulture,
            $"{local.Day} {Months[local.Month - 1]} {local.Year} {local:HH:mm} {Abbreviation(zone)}");
    }
}
