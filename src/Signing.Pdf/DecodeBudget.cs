using System.Buffers;
using System.IO.Compression;
using Signing.Abstractions;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace Signing.Pdf;

/// <summary>Caps how many bytes Flate decoding may produce, per stream and per document source.</summary>
internal sealed class DecodeBudget(long perStream, long total)
{
    private long used;

    public long PerStream { get; } = perStream;

    /// <summary>Set once a stream was refused, in case PdfPig swallows the exception we threw.</summary>
    public bool Exceeded { get; private set; }

    public void Charge(long decodedBytes)
    {
        used += decodedBytes;
        if (used > total)
        {
            throw Refuse($"Decoding streams of this PDF would produce more than {total} bytes in total.");
        }
    }

    public PdfFormatException Refuse(string message)
    {
        Exceeded = true;
        return new PdfFormatException(ErrorCodes.PdfTooComplex, message);
    }
}

/// <summary>
/// PdfPig's filters, with /FlateDecode measured before it is decoded: PdfPig inflates a stream fully into
/// memory, so a 1 MB bomb would otherwise become gigabytes (ISO 32000-1 §7.4.4 sets no ratio limit).
/// </summary>
internal sealed class BoundedFilterProvider(IFilterProvider inner, DecodeBudget budget) : IFilterProvider
{
    public IReadOnlyList<IFilter> GetFilters(DictionaryToken dictionary) => Bound(inner.GetFilters(dictionary));

    public IReadOnlyList<IFilter> GetNamedFilters(IReadOnlyList<NameToken> names) => Bound(inner.GetNamedFilters(names));

    public IReadOnlyList<IFilter> GetAllFilters() => Bound(inner.GetAllFilters());

    private IReadOnlyList<IFilter> Bound(IReadOnlyList<IFilter> filters) =>
        filters.Select(f => f is FlateFilter ? new BoundedFlateFilter(f, budget) : f).ToList();
}

internal sealed class BoundedFlateFilter(IFilter flate, DecodeBudget budget) : IFilter
{
    // Deflate cannot expand better than about 1032:1 (RFC 1951 block limits), so small inputs need no measuring.
    private const long MaxDeflateRatio = 1032;

    public bool IsSupported => flate.IsSupported;

    public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
    {
        if (input.Length * MaxDeflateRatio > budget.PerStream && InflatedLength(input) > budget.PerStream)
        {
            throw budget.Refuse(
                $"A Flate stream decodes to more than {budget.PerStream} bytes (a decompression bomb, or too large to read).");
        }

        var decoded = flate.Decode(input, streamDictionary, filterProvider, filterIndex);
        budget.Charge(decoded.Length);
        return decoded;
    }

    /// <summary>Inflates into a scratch buffer, counting, and stops as soon as the budget is passed.</summary>
    private long InflatedLength(Memory<byte> input)
    {
        // Like PdfPig's FlateFilter: skip the 2-byte zlib header and inflate the raw deflate data.
        if (input.Length < 2)
        {
            return 0;
        }

        using var compressed = new MemoryStream(input[2..].ToArray(), writable: false);
        using var inflater = new DeflateStream(compressed, CompressionMode.Decompress);
        var scratch = ArrayPool<byte>.Shared.Rent(81920);
        long total = 0;
        try
        {
            int read;
            while ((read = inflater.Read(scratch, 0, scratch.Length)) > 0)
            {
                total += read;
                if (total > budget.PerStream)
                {
                    break;
                }
            }
        }
        catch (InvalidDataException)
        {
            // Damaged data: PdfPig decides what to make of it; what we counted so far is within budget.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        return total;
    }
}
