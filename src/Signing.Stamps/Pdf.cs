using System.Globalization;

namespace Signing.Stamps;

/// <summary>Content-stream number syntax (ISO 32000-1 §7.3.3): invariant culture, at most 3 decimals.</summary>
internal static class Pdf
{
    public static string Num(double value)
    {
        var rounded = Math.Round(value, 3, MidpointRounding.AwayFromZero);
        // "0.###" has no exponent form, and −0 must not print as "-0".
        return rounded == 0 ? "0" : rounded.ToString("0.###", CultureInfo.InvariantCulture);
    }
}
