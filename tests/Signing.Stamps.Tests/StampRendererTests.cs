using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using QRCoder;
using Signing.Stamps.Tests.Support;
using Signing.Stamps.Text;

namespace Signing.Stamps.Tests;

public class StampRendererTests
{
    public const string Url = "https://ttd.malangkota.go.id/v/7qzk3m5xw2r4t6yb8n9pdfghjc";
    public const string BsreFooter = "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat " +
        "elektronik yang diterbitkan oleh Balai Sertifikasi Elektronik (BSrE), BSSN";

    public static StampContent Sample() => new()
    {
        QrUrl = Url,
        SignerName = "Dr. Ir. Siti Nurhayati, M.Si.",
        OnBehalfOf = "a.n. Wali Kota Malang",
        Position = "Kepala Dinas Penanaman Modal dan PTSP",
        Organisation = "DPMPTSP Kota Malang",
        SignedAt = new DateTimeOffset(2026, 11, 22, 7, 5, 0, TimeSpan.Zero),
        Footer = BsreFooter,
    };

    private static IReadOnlyList<Operation> Ops(StampContent content, double width = 260, double height = 80) =>
        ContentStream.Parse(StampRenderer.Render(content, width, height).Content);

    private static IReadOnlyList<TextRun> Lines(StampContent content, double width = 260, double height = 80) =>
        TextRun.From(Ops(content, width, height));

    [Fact]
    public void The_content_begins_with_an_opaque_white_fill_over_the_whole_box()
    {
        var ops = Ops(Sample());
        Assert.Equal(new Operation("g", [1.0]), ops[0], OperationComparer.Instance);
        Assert.Equal(new Operation("re", [0.0, 0.0, 260.0, 80.0]), ops[1], OperationComparer.Instance);
        Assert.Equal("f", ops[2].Operator);
        Assert.StartsWith("1 g\n0 0 260 80 re\nf\n", Encoding.ASCII.GetString(StampRenderer.Render(Sample()).Content));
    }

    [Theory]
    [InlineData(Url, 260, 80)]
    [InlineData("https://ttd.example.go.id/v/ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 260, 80)]
    [InlineData("https://x.id/v/1", 300, 120)]
    [InlineData("https://sign.pemkot.go.id/verify?id=abc&ref=(42)", 180, 61.7)]
    public void The_QR_rectangles_reassemble_into_the_module_matrix_QRCoder_computes(string url, double width, double height)
    {
        using var generator = new QRCodeGenerator();
        var expected = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M).ModuleMatrix;
        var n = expected.Count - 8; // QRCoder adds a 4-module quiet zone on every side

        var ops = Ops(Sample() with { QrUrl = url }, width, height);
        var cm = ops.Single(o => o.Operator == "cm");
        var start = ops.ToList().IndexOf(cm);
        var rects = ops.Skip(start + 1).TakeWhile(o => o.Operator == "re").ToList();
        Assert.Equal("f", ops[start + 1 + rects.Count].Operator);
        Assert.Equal("0 g", $"{ops[start - 1].Number(0)} {ops[start - 1].Operator}");

        // Square, height-limited, with a 2-module quiet zone: n + 4 modules span the box's height exactly.
        var module = cm.Number(0);
        Assert.Equal([module, 0.0, 0.0, module], cm.Operands.Take(4).Cast<double>());
        var side = module * (n + 4);
        Assert.InRange(height - side, 0, 0.05); // module rounded down to 3 decimals, never up
        Assert.Equal(2 * module, cm.Number(4), 0.001);
        Assert.Equal(2 * module, cm.Number(5), 0.001);

        var actual = new bool[n, n];
        foreach (var re in rects)
        {
            var (x, y, w, h) = ((int)re.Number(0), (int)re.Number(1), (int)re.Number(2), (int)re.Number(3));
            Assert.Equal(1, h);
            Assert.Equal([x, y, w, h], re.Operands.Cast<double>().Select(d => (int)d)); // integer module grid
            for (var column = x; column < x + w; column++)
            {
                Assert.False(actual[n - 1 - y, column], "modules drawn twice");
                actual[n - 1 - y, column] = true;
            }
        }
        for (var row = 0; row < n; row++)
            for (var column = 0; column < n; column++)
                Assert.True(expected[row + 4][column + 4] == actual[row, column], $"module ({row}, {column}) differs");

        // Runs are merged: no two rectangles on one row touch.
        foreach (var row in rects.GroupBy(r => r.Number(1)))
        {
            var spans = row.Select(r => (Start: r.Number(0), End: r.Number(0) + r.Number(2))).OrderBy(s => s.Start).ToList();
            Assert.All(spans.Zip(spans.Skip(1)), pair => Assert.True(pair.Second.Start > pair.First.End));
        }
    }

    [Theory]
    [InlineData(IndonesianTimeZone.Wib, "22 November 2026 14:05 WIB")]
    [InlineData(IndonesianTimeZone.Wita, "22 November 2026 15:05 WITA")]
    [InlineData(IndonesianTimeZone.Wit, "22 November 2026 16:05 WIT")]
    public void The_date_line_reads_in_Indonesian_in_the_signer_time_zone(IndonesianTimeZone zone, string expected)
    {
        var content = Sample() with { Zone = zone };
        Assert.Equal(expected, content.DateLine);
        Assert.Contains(Lines(content), line => line.Text == expected);
    }

    [Fact]
    public void A_late_evening_in_UTC_is_already_the_next_year_in_Papua()
    {
        var instant = new DateTimeOffset(2026, 12, 31, 20, 30, 0, TimeSpan.Zero);
        Assert.Equal("1 Januari 2027 05:30 WIT", IndonesianTime.Format(instant, IndonesianTimeZone.Wit));
        Assert.Equal("1 Januari 2027 03:30 WIB", IndonesianTime.Format(instant, IndonesianTimeZone.Wib));
        // The offset the instant arrives with does not matter, only the instant.
        Assert.Equal("1 Januari 2027 03:30 WIB",
            IndonesianTime.Format(instant.ToOffset(TimeSpan.FromHours(-5)), IndonesianTimeZone.Wib));
    }

    public static TheoryData<string, double, double> Boxes => new()
    {
        { "sample", 260, 80 }, { "sample", 200, 60 }, { "sample", 150, 50 }, { "sample", 420, 120 },
        { "sample", 120, 200 }, { "sample", 520, 160 }, { "long", 260, 80 }, { "long", 180, 60 },
        { "long", 110, 40 }, { "minimal", 260, 80 },
    };

    private static StampContent Variant(string name) => name switch
    {
        "long" => Sample() with
        {
            SignerName = "Prof. Dr. Ir. Raden Mas Haryo Bambang Soetjipto Wicaksono Adiningrat, S.H., M.Hum., M.Kn.",
            OnBehalfOf = "a.n. Gubernur Daerah Khusus Ibukota Jakarta, Sekretaris Daerah u.b. Asisten Pemerintahan",
            Position = "Plh. Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Provinsi",
            Organisation = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPMPTSP) Provinsi DKI Jakarta",
            ShortUrl = "ttd.jakarta.go.id/verifikasi/dokumen/7qzk3m5xw2r4t6yb8n9pdfghjc-revisi-ketiga",
            Footer = BsreFooter + ". " + BsreFooter,
        },
        "minimal" => new StampContent { QrUrl = Url, SignerName = "Budi", SignedAt = Sample().SignedAt },
        _ => Sample(),
    };

    [Theory]
    [MemberData(nameof(Boxes))]
    public void Text_never_leaves_the_box_nor_covers_the_QR(string variant, double width, double height)
    {
        var ops = Ops(Variant(variant), width, height);
        var lines = TextRun.From(ops);
        var cm = ops.Single(o => o.Operator == "cm");
        var module = cm.Number(0);
        using var generator = new QRCodeGenerator();
        var modules = generator.CreateQrCode(Url, QRCodeGenerator.ECCLevel.M).ModuleMatrix.Count - 8 + 4;
        var qr = (Left: cm.Number(4) - 2 * module, Bottom: cm.Number(5) - 2 * module, Side: modules * module);
        Assert.True(qr.Left >= 0 && qr.Bottom >= 0 && qr.Left + qr.Side <= width && qr.Bottom + qr.Side <= height);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var font = line.FontResource == "F2" ? StampFont.Bold : StampFont.Regular;
            var advance = line.Bytes.Sum(b => HelveticaMetrics.Width(b, font)) * line.Size / 1000;
            var (bottom, top) = (line.Baseline - 0.228 * line.Size, line.Baseline + 0.962 * line.Size);
            Assert.True(line.X >= 0 && line.X + advance <= width + 1e-6, $"'{line.Text}' spans x {line.X}..{line.X + advance}");
            Assert.True(bottom >= -1e-3 && top <= height + 1e-3, $"'{line.Text}' spans y {bottom}..{top}");
            var overlapsQr = line.X < qr.Left + qr.Side && line.X + advance > qr.Left &&
                             bottom < qr.Bottom + qr.Side && top > qr.Bottom;
            Assert.False(overlapsQr, $"'{line.Text}' covers the QR");
        }
        // Lines do not overlap: each one's glyph box ends above the next one's.
        foreach (var (upper, lower) in lines.Zip(lines.Skip(1)))
            Assert.True(upper.Baseline - 0.228 * upper.Size >= lower.Baseline + 0.962 * lower.Size - 1e-3,
                $"'{upper.Text}' and '{lower.Text}' overlap");
    }

    [Fact]
    public void The_text_block_reads_top_down_in_the_documented_order()
    {
        var content = Sample();
        var text = Lines(content).Select(l => l.Text).ToList();
        Assert.Equal(
        [
            "Ditandatangani secara elektronik oleh", "Dr. Ir. Siti Nurhayati, M.Si.", "a.n. Wali Kota Malang",
            "Kepala Dinas Penanaman Modal dan PTSP", "DPMPTSP Kota Malang", "22 November 2026 14:05 WIB",
            "ttd.malangkota.go.id/v/7qzk3m5xw2r4t6yb8n9pdfghjc",
        ], text.Take(7));
        Assert.Equal(BsreFooter, string.Join(" ", text.Skip(7)));
        Assert.True(text.Count > 8, "the footer should wrap onto more than one line");
    }

    [Fact]
    public void The_signer_name_alone_is_bold_and_the_largest_text()
    {
        var lines = Lines(Sample());
        var name = Assert.Single(lines, l => l.FontResource == "F2");
        Assert.Equal("Dr. Ir. Siti Nurhayati, M.Si.", name.Text);
        Assert.All(lines.Where(l => l != name), l => Assert.True(l.Size < name.Size));
        Assert.Equal(new Dictionary<string, string> { ["F1"] = "Helvetica", ["F2"] = "Helvetica-Bold" },
            StampRenderer.Render(Sample()).Fonts);
    }

    [Fact]
    public void A_long_name_is_shrunk_to_fit_before_anything_is_truncated()
    {
        var name = "Raden Mas Haryo Bambang Soetjipto Wicaksono Adiningrat, S.H., M.Hum.";
        var lines = Lines(Sample() with { SignerName = name, Footer = null });
        var nameLines = lines.Where(l => l.FontResource == "F2").ToList();
        Assert.Equal(name, string.Join(" ", nameLines.Select(l => l.Text)));
        Assert.DoesNotContain(lines, l => l.Text.Contains('…'));
    }

    [Fact]
    public void Text_that_cannot_fit_at_the_minimum_size_is_truncated_with_an_ellipsis()
    {
        var name = string.Join(" ", Enumerable.Repeat("Wicaksono", 40));
        var lines = Lines(Sample() with { SignerName = name });
        var nameLines = lines.Where(l => l.FontResource == "F2").ToList();
        Assert.Equal(2, nameLines.Count);
        Assert.EndsWith("…", nameLines[^1].Text);
        Assert.Equal((byte)0x85, nameLines[^1].Bytes[^1]); // WinAnsi ellipsis
        Assert.Contains(lines, l => l.Text == "22 November 2026 14:05 WIB");
    }

    [Fact]
    public void Parentheses_and_backslashes_are_escaped_in_literal_strings()
    {
        var stamp = StampRenderer.Render(Sample() with { SignerName = @"Ir. (H.) Budi \ Santoso )(" });
        var raw = Encoding.ASCII.GetString(stamp.Content);
        Assert.Contains(@"(Ir. \(H.\) Budi \\ Santoso \)\() Tj", raw);
        Assert.Contains(TextRun.From(ContentStream.Parse(stamp.Content)), l => l.Text == @"Ir. (H.) Budi \ Santoso )(");
    }

    [Fact]
    public void Characters_WinAnsi_lacks_become_question_marks_and_the_stream_stays_ASCII()
    {
        var stamp = StampRenderer.Render(Sample() with { SignerName = "Se\u0301bastien \u1E62alih \U0001F600 \u03A9 \u2013 Ž" });
        Assert.All(stamp.Content, b => Assert.True(b < 128));
        var name = Assert.Single(TextRun.From(ContentStream.Parse(stamp.Content)), l => l.FontResource == "F2");
        Assert.Equal("Sébastien ?alih ? ? – Ž", name.Text);
        Assert.Contains(@"(S\351bastien ?alih ? ? \226 \216) Tj", Encoding.ASCII.GetString(stamp.Content));
    }

    [Fact]
    public void Numbers_are_invariant_with_at_most_three_decimals_whatever_the_current_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("id-ID"); // decimal comma
            var raw = Encoding.ASCII.GetString(StampRenderer.Render(Sample(), 233.3333, 71.1111).Content);
            var withoutStrings = Regex.Replace(raw, @"\((?:\\.|[^\\)])*\)", "()");
            Assert.DoesNotMatch(@"\d,\d", withoutStrings);
            Assert.DoesNotMatch(@"\.\d{4}", withoutStrings);
            Assert.DoesNotMatch(@"[eE][+-]?\d", withoutStrings);
            Assert.Contains("233.333 71.111 re", raw);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void The_short_url_defaults_to_the_QR_url_without_its_scheme()
    {
        Assert.Equal("ttd.malangkota.go.id/v/7qzk3m5xw2r4t6yb8n9pdfghjc", Sample().DisplayUrl);
        Assert.Equal("s.id/abc", (Sample() with { ShortUrl = "s.id/abc" }).DisplayUrl);
        Assert.Contains(Lines(Sample() with { ShortUrl = "s.id/abc" }), l => l.Text == "s.id/abc");
    }

    [Fact]
    public void A_box_too_narrow_for_text_holds_the_QR_alone()
    {
        var ops = Ops(Sample(), 90, 80);
        Assert.DoesNotContain(ops, o => o.Operator == "BT");
        Assert.Contains(ops, o => o.Operator == "cm");
    }

    [Theory]
    [InlineData(0, 80)]
    [InlineData(260, -1)]
    [InlineData(double.NaN, 80)]
    [InlineData(260, double.PositiveInfinity)]
    public void A_box_without_a_positive_finite_size_is_rejected(double width, double height) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StampRenderer.Render(Sample(), width, height));

    [Fact]
    public void The_appearance_reports_its_own_box()
    {
        var stamp = StampRenderer.Render(Sample(), 300, 90);
        Assert.Equal((300.0, 90.0), (stamp.Width, stamp.Height));
        Assert.Equal((260.0, 80.0), (StampRenderer.Render(Sample()).Width, StampRenderer.Render(Sample()).Height));
    }

    private sealed class OperationComparer : IEqualityComparer<Operation>
    {
        public static readonly OperationComparer Instance = new();

        public bool Equals(Operation? x, Operation? y) =>
            x?.Operator == y?.Operator && x!.Operands.SequenceEqual(y!.Operands);

        public int GetHashCode(Operation obj) => obj.Operator.GetHashCode();
    }
}
