using System.IO.Compression;
using System.Security.Cryptography;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace Signing.Pdf;

/// <summary>
/// Writes the Document Security Store (ISO 32000-2 §12.8.4.3, ETSI EN 319 142-1 §5.4.2, PAdES B-LT) as one
/// incremental update (ISO 32000-1 §7.5.6) with the same framing as <see cref="PdfSignatureAppender"/>: every
/// certificate, OCSP response and CRL as a Flate stream of its own, a /DSS dictionary referencing them, and
/// /VRI entries (§12.8.4.4) per signature. An existing store keeps all its entries and gains only the values
/// it does not already hold. DocMDP restrictions do not apply to DSS updates (ETSI EN 319 142-1 §5.4).
/// </summary>
public static class PdfDssAppender
{
    /// <summary>Returns the bytes to append to <paramref name="original"/>; the original bytes are never changed.</summary>
    public static byte[] Prepare(PdfDocumentSource source, Stream original, DssContent content)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(content);
        PdfSignatureAppender.RequireSameFile(source, original);
        Validate(content);

        var next = source.NextObjectNumber;
        IndirectReference Allocate() => new(next++, 0);
        var writer = new IncrementalUpdateWriter();
        var reader = source.Dss;
        var existing = PdfPigErrors.Guard("Reading the document security store", () => reader.Dictionary(source.Catalog));

        var certs = new StreamPool(writer, Allocate, reader.Items(existing, "Certs"));
        var ocsps = new StreamPool(writer, Allocate, reader.Items(existing, "OCSPs"));
        var crls = new StreamPool(writer, Allocate, reader.Items(existing, "CRLs"));
        certs.AddAll(content.Certificates);
        ocsps.AddAll(content.OcspResponses);
        crls.AddAll(content.Crls);
        var vri = MergeVri(source.Objects, reader, existing, content.Vri, certs, ocsps, crls);

        var entries = Entries(existing) ?? new Dictionary<string, IToken>(StringComparer.Ordinal) { ["Type"] = NameToken.Create("DSS") };
        Set(entries, "Certs", certs.ToArray());
        Set(entries, "OCSPs", ocsps.ToArray());
        Set(entries, "CRLs", crls.ToArray());
        Set(entries, "VRI", vri);
        var dss = Build(entries);

        // An indirect store is rewritten under its own number and the catalog stays as it is; otherwise the
        // catalog gains /DSS as an indirect reference.
        if (existing is not null && PdfObjects.ReferenceOf(source.Catalog, "DSS") is { } dssReference &&
            source.Objects.Get(dssReference) is DictionaryToken)
        {
            writer.Add(dssReference, dss);
        }
        else
        {
            var reference = Allocate();
            writer.Add(reference, dss);
            writer.Add(source.RootReference, source.Catalog.With("DSS", new IndirectReferenceToken(reference)));
        }

        var trailer = PdfSignatureAppender.UpdateTrailer(source, original, next, $"DSS {Digest(content)}", null);
        return writer.Write(trailer).Bytes;
    }

    private static void Validate(DssContent content)
    {
        static void Values(IReadOnlyList<byte[]>? values, string what)
        {
            if (values is null || values.Any(v => v is null || v.Length == 0))
            {
                throw new ArgumentException($"The {what} must be a list of non-empty byte arrays.", nameof(content));
            }
        }

        Values(content.Certificates, "certificates");
        Values(content.OcspResponses, "OCSP responses");
        Values(content.Crls, "CRLs");
        if (content.Vri is null)
        {
            throw new ArgumentException("The VRI list must not be null.", nameof(content));
        }

        foreach (var entry in content.Vri)
        {
            if (entry is null || !entry.HasKey || string.IsNullOrEmpty(entry.Key))
            {
                throw new ArgumentException("Each VRI entry needs the signature's /Contents DER (or an explicit key).", nameof(content));
            }

            Values(entry.Certificates, "VRI certificates");
            Values(entry.OcspResponses, "VRI OCSP responses");
            Values(entry.Crls, "VRI CRLs");
        }

        if (content.Certificates.Count + content.OcspResponses.Count + content.Crls.Count + content.Vri.Count == 0)
        {
            throw new ArgumentException("The DSS content is empty: there is nothing to add.", nameof(content));
        }
    }

    /// <summary>
    /// The existing /VRI entries, with each new entry added under its key; an entry whose key is already there
    /// keeps its items and other keys (/TS, /TU) and gains only the values it lacks.
    /// </summary>
    private static DictionaryToken? MergeVri(
        PdfObjects objects, DssReader reader, DictionaryToken? dss, IReadOnlyList<DssVriEntry> newEntries,
        StreamPool certs, StreamPool ocsps, StreamPool crls)
    {
        var existing = PdfPigErrors.Guard("Reading the /VRI dictionary", () => objects.Get<DictionaryToken>(dss, "VRI"));
        var merged = Entries(existing) ?? new Dictionary<string, IToken>(StringComparer.Ordinal);
        foreach (var entry in newEntries)
        {
            var previous = merged.TryGetValue(entry.Key, out var value)
                ? PdfPigErrors.Guard($"Reading /VRI /{entry.Key}", () => objects.Resolve(value) as DictionaryToken)
                : null;
            var fields = Entries(previous) ?? new Dictionary<string, IToken>(StringComparer.Ordinal);
            Set(fields, "Cert", MergeArray(reader, previous, "Cert", entry.Certificates, certs));
            Set(fields, "OCSP", MergeArray(reader, previous, "OCSP", entry.OcspResponses, ocsps));
            Set(fields, "CRL", MergeArray(reader, previous, "CRL", entry.Crls, crls));
            if (entry.ValidationTime is { } time)
            {
                fields["TU"] = PdfText.Token(PdfDate.Format(time));
            }

            merged[entry.Key] = Build(fields);
        }

        return merged.Count == 0 ? null : Build(merged);
    }

    private static ArrayToken? MergeArray(DssReader reader, DictionaryToken? previous, string key, IReadOnlyList<byte[]> values, StreamPool pool)
    {
        var items = new List<IToken>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, data) in reader.Items(previous, key))
        {
            items.Add(item);
            if (data is not null)
            {
                present.Add(Digest(data));
            }
        }

        foreach (var value in values)
        {
            if (present.Add(Digest(value)))
            {
                items.Add(pool.Add(value));
            }
        }

        return items.Count == 0 ? null : new ArrayToken(items);
    }

    /// <summary>A dictionary's entries by name, in their order, ready to be changed and rebuilt.</summary>
    private static Dictionary<string, IToken>? Entries(DictionaryToken? dictionary) =>
        dictionary?.Data.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    private static DictionaryToken Build(Dictionary<string, IToken> entries) =>
        new(entries.ToDictionary(e => NameToken.Create(e.Key), e => e.Value));

    /// <summary>Sets or, for an empty value, removes an entry: empty arrays and dictionaries are omitted.</summary>
    private static void Set(Dictionary<string, IToken> entries, string key, IToken? value)
    {
        if (value is null)
        {
            entries.Remove(key);
        }
        else
        {
            entries[key] = value;
        }
    }

    private static string Digest(byte[] data) => Convert.ToHexString(SHA256.HashData(data));

    /// <summary>A digest of the request, so that /ID[1] differs between different updates of the same original.</summary>
    private static string Digest(DssContent content)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var value in content.Certificates.Concat(content.OcspResponses).Concat(content.Crls)
                     .Concat(content.Vri.SelectMany(v => v.Certificates.Concat(v.OcspResponses).Concat(v.Crls))))
        {
            hash.AppendData(SHA256.HashData(value));
        }

        foreach (var entry in content.Vri)
        {
            hash.AppendData(System.Text.Encoding.ASCII.GetBytes(entry.Key));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>
    /// One of /Certs, /OCSPs and /CRLs: the existing items are kept as they are, and each new value is written
    /// once, as a Flate stream (§7.4.4), unless a stream with the same decoded bytes is already there.
    /// </summary>
    private sealed class StreamPool
    {
        private readonly IncrementalUpdateWriter writer;
        private readonly Func<IndirectReference> allocate;
        private readonly List<IToken> items = [];
        private readonly Dictionary<string, IndirectReferenceToken> byDigest = new(StringComparer.Ordinal);

        public StreamPool(IncrementalUpdateWriter writer, Func<IndirectReference> allocate, IReadOnlyList<(IToken Item, byte[]? Data)> existing)
        {
            this.writer = writer;
            this.allocate = allocate;
            foreach (var (item, data) in existing)
            {
                items.Add(item);
                if (data is not null && item is IndirectReferenceToken reference)
                {
                    byDigest.TryAdd(Digest(data), reference);
                }
            }
        }

        public void AddAll(IEnumerable<byte[]> values)
        {
            foreach (var value in values)
            {
                Add(value);
            }
        }

        public IndirectReferenceToken Add(byte[] value)
        {
            var digest = Digest(value);
            if (byDigest.TryGetValue(digest, out var present))
            {
                return present;
            }

            var reference = allocate();
            writer.Add(reference, FlateStream(value));
            var token = new IndirectReferenceToken(reference);
            items.Add(token);
            byDigest[digest] = token;
            return token;
        }

        public ArrayToken? ToArray() => items.Count == 0 ? null : new ArrayToken(items);

        private static byte[] FlateStream(byte[] value)
        {
            using var compressed = new MemoryStream();
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(value);
            }

            var data = compressed.ToArray();
            return IncrementalUpdateWriter.StreamObjectBody(
                new DictionaryToken(new Dictionary<NameToken, IToken>
                {
                    [NameToken.Create("Length")] = new NumericToken(data.Length),
                    [NameToken.Create("Filter")] = NameToken.Create("FlateDecode"),
                }),
                data);
        }
    }
}
