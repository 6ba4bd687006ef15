using System.Buffers;
using System.Security.Cryptography;
using Signing.Abstractions;
using Signing.Core.Signing;

namespace Signing.Core.Validation;

/// <summary>ISO 32000-1 §12.8.1: the /ByteRange of a signature, checked and hashed.</summary>
internal static class ByteRange
{
    /// <summary>Two ranges starting at 0, the gap exactly the /Contents hex string "&lt;…&gt;", nothing past the end.</summary>
    public static bool IsWellFormed(Stream pdf, long length, long[] br, List<string> problems)
    {
        if (br.Length != 4 || br[0] != 0 || br[1] <= 0 || br[2] <= br[1] || br[3] < 0 || br[2] + br[3] > length)
        {
            problems.Add($"The /ByteRange [{string.Join(' ', br)}] does not describe the file.");
            return false;
        }
        Span<byte> edge = stackalloc byte[1];
        pdf.Position = br[1];
        pdf.ReadExactly(edge);
        bool opens = edge[0] == (byte)'<';
        pdf.Position = br[2] - 1;
        pdf.ReadExactly(edge);
        if (!opens || edge[0] != (byte)'>')
        {
            problems.Add("The /ByteRange gap is not exactly the /Contents hex string.");
            return false;
        }
        return true;
    }

    public static byte[] Digest(Stream pdf, long[] br, DigestAlgorithm digest)
    {
        using var hash = IncrementalHash.CreateHash(ByteRangeHasher.ToName(digest));
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            for (int i = 0; i < br.Length; i += 2)
            {
                pdf.Position = br[i];
                long remaining = br[i + 1];
                while (remaining > 0)
                {
                    int read = pdf.Read(buffer, 0, (int)Math.Min(81920, remaining));
                    if (read == 0)
                    {
                        break;
                    }
                    hash.AppendData(buffer, 0, read);
                    remaining -= read;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return hash.GetHashAndReset();
    }
}
