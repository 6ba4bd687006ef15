using System.Buffers;
using System.Security.Cryptography;
using Signing.Abstractions;

namespace Signing.Core.Signing;

/// <summary>
/// Streams the signed byte ranges through a hash without loading the file: the original is read once in
/// 80 KB blocks (ISO 32000-1 §12.8.1: the digest covers everything but the /Contents hex string).
/// </summary>
internal static class ByteRangeHasher
{
    private const int BlockSize = 81920;

    /// <summary>
    /// Digest over original ‖ update with the /Contents hole excluded, plus SHA-256 of the original alone
    /// (to recognise the same input when the prepared state is resumed).
    /// </summary>
    public static (byte[] Digest, string OriginalSha256) Hash(
        Stream original, long originalLength, ReadOnlySpan<byte> update, long[] byteRange, DigestAlgorithm digest)
    {
        using var rangeHash = IncrementalHash.CreateHash(ToName(digest));
        using var originalHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            original.Position = 0;
            long remaining = originalLength;
            while (remaining > 0)
            {
                int read = original.Read(buffer, 0, (int)Math.Min(BlockSize, remaining));
                if (read == 0)
                {
                    throw new SigningException(ErrorCodes.PreparedStateMismatch, "The PDF ended before its recorded length.");
                }
                rangeHash.AppendData(buffer, 0, read);
                originalHash.AppendData(buffer, 0, read);
                remaining -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        int holeStart = checked((int)(byteRange[1] - originalLength));
        int holeEnd = checked((int)(byteRange[2] - originalLength));
        rangeHash.AppendData(update[..holeStart]);
        rangeHash.AppendData(update[holeEnd..]);
        return (rangeHash.GetHashAndReset(), Convert.ToHexStringLower(originalHash.GetHashAndReset()));
    }

    public static HashAlgorithmName ToName(DigestAlgorithm digest) => digest switch
    {
        DigestAlgorithm.Sha256 => HashAlgorithmName.SHA256,
        DigestAlgorithm.Sha384 => HashAlgorithmName.SHA384,
        DigestAlgorithm.Sha512 => HashAlgorithmName.SHA512,
        _ => throw new ArgumentOutOfRangeException(nameof(digest)),
    };
}
