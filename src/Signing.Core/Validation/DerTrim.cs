namespace Signing.Core.Validation;

/// <summary>
/// /Contents holds the DER followed by zero padding up to the reserved size (ISO 32000-1 §12.8.1).
/// The DER's own length header says where it ends.
/// </summary>
internal static class DerTrim
{
    public static byte[] TrimPadding(byte[] contents)
    {
        if (contents.Length < 2 || contents[0] != 0x30)
        {
            return contents;
        }
        int lengthByte = contents[1];
        long total;
        if (lengthByte < 0x80)
        {
            total = 2 + lengthByte;
        }
        else
        {
            int count = lengthByte & 0x7F;
            if (count is 0 or > 4 || contents.Length < 2 + count)
            {
                return contents;
            }
            long length = 0;
            for (int i = 0; i < count; i++)
            {
                length = (length << 8) | contents[2 + i];
            }
            total = 2 + count + length;
        }
        return total <= contents.Length ? contents[..(int)total] : contents;
    }
}
