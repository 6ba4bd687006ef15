using System.Buffers.Binary;
using System.Text;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace Signing.Pdf;

/// <summary>What the new trailer (or cross-reference stream dictionary) carries over from the original.</summary>
internal sealed record TrailerValues(
    long OriginalLength,
    bool OriginalEndsWithEndOfLine,
    long PreviousStartXref,
    long NextObjectNumber,
    IndirectReference Root,
    IToken? Info,
    byte[] FirstId,
    byte[] SecondId,
    bool WriteCrossReferenceStream);

/// <summary>The update bytes and where each object's body starts inside them.</summary>
internal sealed record WrittenUpdate(byte[] Bytes, IReadOnlyDictionary<IndirectReference, int> BodyOffsets);

/// <summary>
/// Lays out one incremental update (ISO 32000-1 §7.5.6): the changed and new objects, then a cross-reference
/// section covering exactly them, chained to the original by /Prev. The original bytes are never touched.
/// </summary>
internal sealed class IncrementalUpdateWriter
{
    private readonly List<(IndirectReference Reference, byte[] Body)> objects = [];

    public void Add(IndirectReference reference, IToken token) => Add(reference, PdfTokenSerializer.Shared.Serialize(token));

    public void Add(IndirectReference reference, byte[] body)
    {
        if (objects.Any(o => o.Reference.ObjectNumber == reference.ObjectNumber))
        {
            throw new InvalidOperationException($"Object {reference} is already part of this update.");
        }

        objects.Add((reference, body));
    }

    /// <summary>A stream object's body (§7.3.8): the dictionary, then the data between stream and endstream.</summary>
    public static byte[] StreamObjectBody(DictionaryToken dictionary, byte[] data)
    {
        using var body = new MemoryStream();
        PdfTokenSerializer.Shared.WriteToken(dictionary, body);
        body.Write("\nstream\n"u8);
        body.Write(data);
        body.Write("\nendstream"u8);
        return body.ToArray();
    }

    public WrittenUpdate Write(TrailerValues trailer)
    {
        using var update = new MemoryStream();
        if (!trailer.OriginalEndsWithEndOfLine)
        {
            // The original's last line (usually %%EOF) must end before our first object starts.
            update.WriteByte((byte)'\n');
        }

        var offsets = new Dictionary<IndirectReference, long>();
        var bodyOffsets = new Dictionary<IndirectReference, int>();
        foreach (var (reference, body) in objects)
        {
            offsets[reference] = trailer.OriginalLength + update.Position;
            Ascii(update, $"{reference.ObjectNumber} {reference.Generation} obj\n");
            bodyOffsets[reference] = (int)update.Position;
            update.Write(body);
            update.Write("\nendobj\n"u8);
        }

        var sectionOffset = trailer.OriginalLength + update.Position;
        if (trailer.WriteCrossReferenceStream)
        {
            WriteCrossReferenceStream(update, trailer, offsets, sectionOffset);
        }
        else
        {
            WriteCrossReferenceTable(update, trailer, offsets);
        }

        Ascii(update, $"startxref\n{sectionOffset}\n%%EOF\n");
        return new WrittenUpdate(update.ToArray(), bodyOffsets);
    }

    /// <summary>A classic table (§7.5.4): one subsection per run of consecutive numbers, 20-byte entries.</summary>
    private static void WriteCrossReferenceTable(MemoryStream update, TrailerValues trailer, Dictionary<IndirectReference, long> offsets)
    {
        update.Write("xref\n"u8);
        foreach (var run in Runs(offsets.Keys.Select(r => r.ObjectNumber)))
        {
            Ascii(update, $"{run.First} {run.Count}\n");
            for (var number = run.First; number < run.First + run.Count; number++)
            {
                var (reference, offset) = offsets.Single(o => o.Key.ObjectNumber == number);
                Ascii(update, $"{offset:D10} {reference.Generation:D5} n\r\n");
            }
        }

        var size = Math.Max(trailer.NextObjectNumber, offsets.Keys.Max(r => r.ObjectNumber) + 1);
        update.Write("trailer\n"u8);
        PdfTokenSerializer.Shared.WriteToken(new DictionaryToken(TrailerEntries(trailer, size)), update);
        update.WriteByte((byte)'\n');
    }

    /// <summary>
    /// A cross-reference stream (§7.5.8) listing the new objects and itself, uncompressed: type 1 rows of
    /// /W [1 n 2] where n fits the largest offset.
    /// </summary>
    private static void WriteCrossReferenceStream(
        MemoryStream update, TrailerValues trailer, Dictionary<IndirectReference, long> offsets, long sectionOffset)
    {
        var streamNumber = Math.Max(trailer.NextObjectNumber, offsets.Keys.Max(r => r.ObjectNumber) + 1);
        var entries = new Dictionary<IndirectReference, long>(offsets) { [new IndirectReference(streamNumber, 0)] = sectionOffset };
        var offsetWidth = Math.Max(4, BytesNeeded(sectionOffset));
        var rowWidth = 1 + offsetWidth + 2;
        var runs = Runs(entries.Keys.Select(r => r.ObjectNumber)).ToList();
        var rows = new byte[entries.Count * rowWidth];
        var row = 0;
        foreach (var (reference, offset) in entries.OrderBy(e => e.Key.ObjectNumber))
        {
            var span = rows.AsSpan(row * rowWidth, rowWidth);
            span[0] = 1;
            for (var i = 0; i < offsetWidth; i++)
            {
                span[offsetWidth - i] = (byte)(offset >> (8 * i));
            }

            BinaryPrimitives.WriteUInt16BigEndian(span[(1 + offsetWidth)..], (ushort)reference.Generation);
            row++;
        }

        var dictionary = TrailerEntries(trailer, streamNumber + 1);
        dictionary[NameToken.Create("Type")] = NameToken.Create("XRef");
        dictionary[NameToken.Create("Index")] = AppearanceXObject.Numbers(runs.SelectMany(r => new double[] { r.First, r.Count }).ToArray());
        dictionary[NameToken.Create("W")] = AppearanceXObject.Numbers(1, offsetWidth, 2);
        dictionary[NameToken.Create("Length")] = new NumericToken(rows.Length);
        Ascii(update, $"{streamNumber} 0 obj\n");
        update.Write(StreamObjectBody(new DictionaryToken(dictionary), rows));
        update.Write("\nendobj\n"u8);
    }

    private static Dictionary<NameToken, IToken> TrailerEntries(TrailerValues trailer, long size)
    {
        var entries = new Dictionary<NameToken, IToken>
        {
            [NameToken.Create("Size")] = new NumericToken(size),
            [NameToken.Create("Root")] = new IndirectReferenceToken(trailer.Root),
        };

        if (trailer.Info is not null)
        {
            entries[NameToken.Create("Info")] = trailer.Info;
        }

        // /ID[0] stays the document's permanent identifier; /ID[1] names this revision (§14.4).
        entries[NameToken.Create("ID")] = new ArrayToken([Hex(trailer.FirstId), Hex(trailer.SecondId)]);
        entries[NameToken.Create("Prev")] = new NumericToken(trailer.PreviousStartXref);
        return entries;
    }

    private static HexToken Hex(byte[] bytes) => new(Convert.ToHexString(bytes).AsSpan());

    private static IEnumerable<(long First, long Count)> Runs(IEnumerable<long> numbers)
    {
        long? first = null;
        long count = 0;
        foreach (var number in numbers.Order())
        {
            if (first is not null && number == first + count)
            {
                count++;
                continue;
            }

            if (first is not null)
            {
                yield return (first.Value, count);
            }

            (first, count) = (number, 1);
        }

        if (first is not null)
        {
            yield return (first.Value, count);
        }
    }

    private static int BytesNeeded(long value)
    {
        var bytes = 1;
        while (value >> (8 * bytes) != 0)
        {
            bytes++;
        }

        return bytes;
    }

    private static void Ascii(Stream stream, FormattableString text) =>
        stream.Write(Encoding.ASCII.GetBytes(FormattableString.Invariant(text)));
}
