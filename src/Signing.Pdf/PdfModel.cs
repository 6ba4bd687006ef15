using Signing.Abstractions;

namespace Signing.Pdf;

/// <summary>An existing signature field (/FT /Sig) and its first widget; <see cref="Rect"/> is in default user space.</summary>
public sealed record SignatureFieldInfo(string Name, int? PageNumber, PdfRect? Rect, bool IsSigned);

/// <summary>One occurrence of a searched text; <see cref="Bounds"/> is in default user space (unrotated page coordinates).</summary>
public sealed record TextMatch(int PageNumber, PdfRect Bounds);

/// <summary>
/// A signature dictionary found through a field's /V (ISO 32000-1 §12.8.1, ISO 32000-2 §12.8.5).
/// <see cref="Contents"/> is the decoded /Contents string: the DER followed by the zero padding.
/// </summary>
public sealed record EmbeddedSignature(
    string FieldName,
    string Type,
    string? SubFilter,
    long[] ByteRange,
    byte[] Contents,
    DateTimeOffset? SigningTime,
    string? Name,
    string? Reason,
    string? Location);

/// <summary>The entries of the signature dictionary to write (ISO 32000-1 Table 252).</summary>
public sealed record SignatureDictionaryValues
{
    /// <summary>"Sig", or "DocTimeStamp" for a document time-stamp (ISO 32000-2 §12.8.5).</summary>
    public string Type { get; init; } = "Sig";

    public string Filter { get; init; } = "Adobe.PPKLite";

    /// <summary>"ETSI.CAdES.detached", or "ETSI.RFC3161" for a document time-stamp.</summary>
    public string SubFilter { get; init; } = "ETSI.CAdES.detached";

    /// <summary>Written as /M, e.g. (D:20240501093000+07'00').</summary>
    public DateTimeOffset? SigningTime { get; init; }

    public string? Name { get; init; }

    public string? Reason { get; init; }

    public string? Location { get; init; }

    public string? ContactInfo { get; init; }

    /// <summary>Bytes reserved for the DER; the placeholder is 2 × capacity hex zeros.</summary>
    public required int ContentsCapacity { get; init; }
}

/// <summary>A visible widget: <see cref="Rect"/> in default user space, <see cref="Appearance"/> drawn upright as displayed.</summary>
public sealed record SignatureWidget(int PageNumber, PdfRect Rect, AppearanceStream? Appearance);

/// <summary>One signature to add. A null <see cref="Widget"/> means an invisible signature.</summary>
public sealed record SignatureUpdateRequest(string FieldName, SignatureWidget? Widget, SignatureDictionaryValues Dictionary);
