namespace Signing.Abstractions;

/// <summary>
/// Where the first BER/DER-encoded value in a buffer ends (ITU-T X.690 §8.1): a PDF /Contents holds the CMS
/// followed by zero padding (ISO 32000-1 §12.8.1), and some signers (NSS, so poppler) use indefinite
/// lengths, whose end is only found by walking to the end-of-contents octets.
/// </summary>
public static class BerLength
{
    private const int MaxDepth = 64;

    /// <summary>Length in bytes of the first value, or null when the buffer does not start with a complete one.</summary>
    public static int? OfFirstValue(ReadOnlySpan<byte> data) => Measure(data, 0, 0);

    private static int? Measure(ReadOnlySpan<byte> data, int start, int depth)
    {
        if (depth > MaxDepth || start + 2 > data.Length)
        {
            return null;
        }
        int position = start + 1;
        if ((data[start] & 0x1F) == 0x1F)
        {
            // High tag number form: continuation bytes have the top bit set (§8.1.2.4).
            while (position < data.Length && (data[position] & 0x80) != 0)
            {
                position++;
            }
            position++;
        }
        if (position >= data.Length)
        {
            return null;
        }
        int first = data[position++];
        if (first == 0x80)
        {
            // Indefinite length (§8.1.3.6): values until the end-of-contents octets 00 00.
            while (position + 1 < data.Length && !(data[position] == 0 && data[position + 1] == 0))
            {
                var inner = Measure(data, position, depth + 1);
                if (inner is null)
                {
                    return null;
                }
                position += inner.Value;
            }
            return position + 1 < data.Length ? position + 2 - start : null;
        }
        long length = first;
        if (first > 0x80)
        {
            int count = first & 0x7F;
            if (count > 4 || position + count > data.Length)
            {
                return null;
            }
            length = 0;
            for (int i = 0; i < count; i++)
            {
                length = (length << 8) | data[position++];
            }
        }
        long end = position + length;
        return end <= data.Length ? (int)(end - start) : null;
    }
}
