using Signing.Abstractions;

namespace Signing.Pdf;

/// <summary>
/// One prepared incremental update, ready for the signature value: append <see cref="WithContents"/>'s bytes
/// to the original. Only primitive and byte[] properties, so it can be stored and resumed later.
/// </summary>
public sealed class PreparedPdfUpdate
{
    public required long OriginalLength { get; init; }

    /// <summary>The bytes to append; /ByteRange is final, /Contents still all zeros.</summary>
    public required byte[] UpdateBytes { get; init; }

    /// <summary>Absolute [0, a, b, c]: a is the offset of the '&lt;' of /Contents, b the offset after its '&gt;'.</summary>
    public required long[] ByteRange { get; init; }

    /// <summary>Offset inside <see cref="UpdateBytes"/> of the first hex digit after '&lt;'.</summary>
    public required int ContentsOffset { get; init; }

    /// <summary>Bytes reserved for the DER (the placeholder holds twice as many hex digits).</summary>
    public required int ContentsCapacity { get; init; }

    /// <summary>
    /// A copy of <see cref="UpdateBytes"/> with <paramref name="der"/> written as uppercase hex into the
    /// placeholder; the rest of the placeholder stays zeros (the padding a reader ignores after the DER).
    /// </summary>
    public byte[] WithContents(ReadOnlySpan<byte> der)
    {
        if (der.Length > ContentsCapacity)
        {
            throw new SigningException(ErrorCodes.SignatureTooLarge,
                $"The signature is {der.Length} bytes but only {ContentsCapacity} were reserved in /Contents.");
        }

        if (ContentsOffset < 1 || ContentsOffset + 2L * ContentsCapacity >= UpdateBytes.Length ||
            UpdateBytes[ContentsOffset - 1] != (byte)'<' || UpdateBytes[ContentsOffset + (2 * ContentsCapacity)] != (byte)'>')
        {
            throw new InvalidOperationException("The prepared update does not hold a /Contents placeholder at ContentsOffset.");
        }

        var bytes = (byte[])UpdateBytes.Clone();
        var hex = Convert.ToHexString(der);
        for (var i = 0; i < hex.Length; i++)
        {
            bytes[ContentsOffset + i] = (byte)hex[i];
        }

        return bytes;
    }
}
