namespace Signing.Pdf.Tests;

public sealed class PdfDateTests
{
    [Fact]
    public void A_signing_time_is_written_with_its_utc_offset_in_pdf_date_form() =>
        Assert.Equal("D:20240501093000+07'00'", PdfDate.Format(new DateTimeOffset(2024, 5, 1, 9, 30, 0, TimeSpan.FromHours(7))));

    [Fact]
    public void A_negative_offset_with_minutes_is_written_with_a_minus_sign() =>
        Assert.Equal("D:20231231235959-03'30'", PdfDate.Format(new DateTimeOffset(2023, 12, 31, 23, 59, 59, new TimeSpan(-3, -30, 0))));

    [Theory]
    [InlineData("D:20240501093000+07'00'", "2024-05-01T09:30:00+07:00")]
    [InlineData("D:20240501093000+07'00", "2024-05-01T09:30:00+07:00")]
    [InlineData("D:20240501093000Z", "2024-05-01T09:30:00+00:00")]
    [InlineData("D:20240501093000Z00'00'", "2024-05-01T09:30:00+00:00")]
    [InlineData("D:2024", "2024-01-01T00:00:00+00:00")]
    [InlineData("20240501", "2024-05-01T00:00:00+00:00")]
    [InlineData("D:20231231235959-03'30'", "2023-12-31T23:59:59-03:30")]
    public void Dates_real_files_write_are_parsed(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), PdfDate.TryParse(text));

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("D:20241340")]
    [InlineData("D:202405011")]
    public void Text_that_is_not_a_date_gives_null(string text) => Assert.Null(PdfDate.TryParse(text));
}
