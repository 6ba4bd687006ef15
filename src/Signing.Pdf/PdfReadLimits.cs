namespace Signing.Pdf;

/// <summary>
/// Bounds on what <see cref="PdfDocumentSource"/> is willing to read, so that hostile input fails with
/// <c>pdf-too-complex</c> in bounded time and memory instead of exhausting the process.
/// </summary>
public sealed class PdfReadLimits
{
    public long MaxFileBytes { get; init; } = 2L << 30;

    /// <summary>Nesting of arrays and dictionaries inside one object (also handed to PdfPig's own guard).</summary>
    public int MaxNesting { get; init; } = 128;

    /// <summary>Cross-reference sections reachable through /Prev (one per incremental update).</summary>
    public int MaxXrefSections { get; init; } = 4096;

    public int MaxPages { get; init; } = 100_000;

    public int MaxPageTreeDepth { get; init; } = 64;

    /// <summary>Decoded size of one Flate stream; anything above is treated as a decompression bomb.</summary>
    public long MaxDecodedStreamBytes { get; init; } = 64L << 20;

    /// <summary>Decoded bytes of all Flate streams read through one source (e.g. by text search over every page).</summary>
    public long MaxTotalDecodedBytes { get; init; } = 1L << 30;

    public static PdfReadLimits Default { get; } = new();
}
