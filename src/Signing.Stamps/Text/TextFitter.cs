namespace Signing.Stamps.Text;

/// <summary>
/// One paragraph of the stamp's text block. <see cref="Text"/> must already be <see cref="WinAnsi.Clean"/>.
/// Sizes are at scale 1; <see cref="Priority"/> decides what gives way first when the box is too small
/// (lowest first).
/// </summary>
internal sealed record TextBlock(
    string Text, StampFont Font, double Size, double MinSize, int MaxLines, int Priority, double GapAbove = 0);

/// <summary>A fitted paragraph: its lines (each no wider than the column) at one font size.</summary>
internal sealed record FittedBlock(TextBlock Block, double Size, IReadOnlyList<string> Lines)
{
    public double Height => Lines.Count * Size * TextFitter.LineFactor;
}

/// <summary>The fitted paragraphs and the common scale they were laid out at (gaps scale with it).</summary>
internal sealed record FittedText(IReadOnlyList<FittedBlock> Blocks, double Scale)
{
    public double Height => TextFitter.TotalHeight(Blocks, Scale);
}

/// <summary>
/// Fits paragraphs into a column: wraps at spaces using the real AFM widths, shrinks every size by a common
/// factor (not below each paragraph's minimum), and only then truncates with "…", dropping lines of the
/// least important paragraphs until the column's height is respected. The result never exceeds the column.
/// </summary>
internal static class TextFitter
{
    /// <summary>Line pitch as a multiple of the font size. With the baseline at
    /// <see cref="BaselineFromBottom"/> of the line box, the whole font bounding box
    /// (<see cref="HelveticaMetrics.BBoxBottom"/> … <see cref="HelveticaMetrics.BBoxTop"/>) stays inside
    /// the line box: 0.24 − 0.228 ≥ 0 and 0.24 + 0.962 ≤ 1.22.</summary>
    public const double LineFactor = 1.22;

    /// <summary>Baseline height above the bottom of a line box, as a multiple of the font size.</summary>
    public const double BaselineFromBottom = 0.24;

    private const double ShrinkStep = 0.94;

    public static FittedText Fit(
        IReadOnlyList<TextBlock> blocks, double width, double height, double maxScale = 1)
    {
        var live = blocks.Where(b => b.Text.Length > 0).ToList();
        if (live.Count == 0 || width <= 0 || height <= 0)
            return new([], maxScale);

        for (var scale = maxScale; ; scale *= ShrinkStep)
        {
            var atMinimum = live.All(b => b.Size * scale <= b.MinSize);
            var fitted = live
                .Select(b => Layout(b, Math.Max(b.Size * scale, b.MinSize), width))
                .Where(f => f.Lines.Count > 0)
                .ToList();
            if (fitted.All(f => f.Lines.Count <= f.Block.MaxLines) && TotalHeight(fitted, scale) <= height)
                return new(fitted, scale);
            if (atMinimum)
                return new(Truncate(fitted, width, height, scale), scale);
        }
    }

    /// <summary>Height of stacked blocks including the gaps between them (the first block's gap is ignored).</summary>
    public static double TotalHeight(IReadOnlyList<FittedBlock> fitted, double scale) =>
        fitted.Sum(f => f.Height) + fitted.Skip(1).Sum(f => f.Block.GapAbove * scale);

    private static FittedBlock Layout(TextBlock block, double size, double width)
    {
        // Round down to the 3 decimals the content stream carries, so the size we measure with is the size
        // the reader draws with.
        size = Math.Floor(size * 1000) / 1000;
        return new(block, size, Wrap(block.Text, block.Font, size, width));
    }

    private static IReadOnlyList<FittedBlock> Truncate(
        List<FittedBlock> fitted, double width, double height, double scale)
    {
        var result = fitted
            .Select(f => f.Lines.Count <= f.Block.MaxLines ? f : Cut(f, f.Block.MaxLines, width))
            .ToList();
        while (result.Count > 0 && TotalHeight(result, scale) > height)
        {
            var victim = result.MinBy(f => f.Block.Priority)!;
            var index = result.IndexOf(victim);
            if (victim.Lines.Count > 1)
                result[index] = Cut(victim, victim.Lines.Count - 1, width);
            else
                result.RemoveAt(index);
        }
        return result;
    }

    /// <summary>Keeps the first <paramref name="keep"/> lines; the last kept one ends in "…".</summary>
    private static FittedBlock Cut(FittedBlock f, int keep, double width)
    {
        var lines = f.Lines.Take(keep).ToList();
        lines[^1] = WithEllipsis(lines[^1], f.Block.Font, f.Size, width);
        return f with { Lines = lines };
    }

    /// <summary>The longest prefix of <paramref name="line"/> that still fits with "…" appended.</summary>
    public static string WithEllipsis(string line, StampFont font, double size, double width)
    {
        var text = line.TrimEnd();
        while (text.Length > 0 && HelveticaMetrics.Measure(text + WinAnsi.Ellipsis, font, size) > width)
            text = text[..^1].TrimEnd();
        var result = text + WinAnsi.Ellipsis;
        return HelveticaMetrics.Measure(result, font, size) <= width ? result : "";
    }

    /// <summary>
    /// Greedy word wrap at spaces. A word wider than the column on its own (a URL, an id) is broken between
    /// characters rather than overflowing.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string text, StampFont font, double size, double width)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (HelveticaMetrics.Measure(candidate, font, size) <= width)
            {
                current = candidate;
                continue;
            }
            if (current.Length > 0)
                lines.Add(current);
            current = word;
            while (current.Length > 1 && HelveticaMetrics.Measure(current, font, size) > width)
            {
                var take = LongestFittingPrefix(current, font, size, width);
                lines.Add(current[..take]);
                current = current[take..];
            }
        }
        if (current.Length > 0)
            lines.Add(current);
        // A single glyph wider than the column cannot be shown at all.
        return lines.Where(l => HelveticaMetrics.Measure(l, font, size) <= width).ToList();
    }

    private static int LongestFittingPrefix(string word, StampFont font, double size, double width)
    {
        var take = 1;
        while (take < word.Length && HelveticaMetrics.Measure(word[..(take + 1)], font, size) <= width)
            take++;
        return take;
    }
}
