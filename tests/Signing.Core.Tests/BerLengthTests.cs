using Signing.Abstractions;

namespace Signing.Core.Tests;

public sealed class BerLengthTests
{
    [Fact]
    public void A_definite_length_value_ends_where_its_header_says_even_with_zero_padding_after_it()
    {
        byte[] padded = [0x30, 0x03, 0x02, 0x01, 0x05, 0x00, 0x00, 0x00];
        Assert.Equal(5, BerLength.OfFirstValue(padded));
    }

    [Fact]
    public void An_indefinite_length_value_ends_after_its_end_of_contents_octets_not_in_the_padding()
    {
        // SEQUENCE (indefinite) { INTEGER 5, SEQUENCE (indefinite) { } } EOC, then zero padding.
        byte[] padded = [0x30, 0x80, 0x02, 0x01, 0x05, 0x30, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
        Assert.Equal(11, BerLength.OfFirstValue(padded));
    }

    [Fact]
    public void A_truncated_value_has_no_length()
    {
        Assert.Null(BerLength.OfFirstValue([0x30, 0x82, 0x01, 0x00, 0x02]));
        Assert.Null(BerLength.OfFirstValue([0x30, 0x80, 0x02, 0x01, 0x05]));
    }
}
