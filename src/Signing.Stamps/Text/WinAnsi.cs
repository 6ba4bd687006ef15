using System.Text;

namespace Signing.Stamps.Text;

/// <summary>The two fonts a stamp uses; resource names F1 and F2 in the appearance.</summary>
internal enum StampFont { Regular, Bold }

/// <summary>
/// WinAnsiEncoding (ISO 32000-1 Annex D.2, Table D.1): Unicode text → single-byte codes for a simple
/// font, and literal-string escaping (ISO 32000-1 §7.3.4.2).
/// </summary>
internal static class WinAnsi
{
    public const char Replacement = '?';
    public const char Ellipsis = '\u2026';

    // Codes 0x80..0x9F: the only range where WinAnsi differs from ISO-8859-1. 0x81, 0x8D, 0x8F, 0x90 and
    // 0x9D are undefined (Annex D note 5) and stay unmapped.
    private static readonly Dictionary<char, byte> High = new()
    {
        ['\u20AC'] = 0x80, ['\u201A'] = 0x82, ['\u0192'] = 0x83, ['\u201E'] = 0x84, ['\u2026'] = 0x85,
        ['\u2020'] = 0x86, ['\u2021'] = 0x87, ['\u02C6'] = 0x88, ['\u2030'] = 0x89, ['\u0160'] = 0x8A,
        ['\u2039'] = 0x8B, ['\u0152'] = 0x8C, ['\u017D'] = 0x8E, ['\u2018'] = 0x91, ['\u2019'] = 0x92,
        ['\u201C'] = 0x93, ['\u201D'] = 0x94, ['\u2022'] = 0x95, ['\u2013'] = 0x96, ['\u2014'] = 0x97,
        ['\u02DC'] = 0x98, ['\u2122'] = 0x99, ['\u0161'] = 0x9A, ['\u203A'] = 0x9B, ['\u0153'] = 0x9C,
        ['\u017E'] = 0x9E, ['\u0178'] = 0x9F,
    };

    /// <summary>The WinAnsi code of a character, or null when WinAnsi cannot show it.</summary>
    public static byte? TryGetCode(char c) => c switch
    {
        >= '\u0020' and <= '\u007E' => (byte)c,
        >= '\u00A0' and <= '\u00FF' => (byte)c,
        _ => High.TryGetValue(c, out var code) ? code : null,
    };

    /// <summary>The code of a character of a <see cref="Clean"/> string ('?' for anything else).</summary>
    public static byte ToCode(char c) => TryGetCode(c) ?? (byte)Replacement;

    /// <summary>
    /// Makes text printable with a WinAnsi font: NFC-normalised (so "e" + U+0301 becomes "é"), whitespace
    /// runs collapsed to one space and trimmed, soft hyphens dropped, and every other character WinAnsi
    /// lacks (a whole surrogate pair counts as one) replaced by '?'.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var rune in text.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            if (rune.Value == 0x00AD)
                continue;
            if (rune.Value != 0x00A0 && Rune.IsWhiteSpace(rune))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }
            sb.Append(rune.IsBmp && TryGetCode((char)rune.Value) is not null ? (char)rune.Value : Replacement);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Appends a <see cref="Clean"/> string as a PDF literal string: '(' ')' '\' are escaped with a
    /// backslash and codes ≥ 128 as \ddd octal, so the content stream stays 7-bit ASCII
    /// (ISO 32000-1 §7.3.4.2, Table 3).
    /// </summary>
    public static void AppendLiteral(StringBuilder sb, string cleanText)
    {
        sb.Append('(');
        foreach (var c in cleanText)
        {
            var code = ToCode(c);
            switch (code)
            {
                case (byte)'(' or (byte)')' or (byte)'\\':
                    sb.Append('\\').Append((char)code);
                    break;
                case >= 0x80:
                    sb.Append('\\').Append(Convert.ToString(code, 8));
                    break;
                default:
                    sb.Append((char)code);
                    break;
            }
        }
        sb.Append(')');
    }
}
