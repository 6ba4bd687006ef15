using SigningService.Domain;

namespace SigningService.Api;

/// <summary>The "metadata" part of a submission (JSON).</summary>
public sealed record SubmissionMetadata
{
    /// <summary>Code of the document type, e.g. "demo-eseal".</summary>
    public string? DocumentType { get; init; }
    public string? Number { get; init; }
    public string? Title { get; init; }
    public string? HolderName { get; init; }

    /// <summary>16-digit NIK. Stored and shown masked (3573********0001) unless <see cref="ShowNik"/>.</summary>
    public string? HolderNik { get; init; }
    public bool ShowNik { get; init; }
    public DateOnly? IssueDate { get; init; }
    public DateOnly? ExpiryDate { get; init; }
    public Dictionary<string, string>? PublicFacts { get; init; }

    /// <summary>"eseal" for the OPD's e-seal, an official's NIP, or null for the document type's default.</summary>
    public string? Signer { get; init; }
    public PlacementRequest? Placement { get; init; }

    /// <summary>B-B, B-T, B-LT or B-LTA; default: the document type's level.</summary>
    public string? Level { get; init; }
    public string? CallbackUrl { get; init; }
}

/// <summary>
/// Where the stamp goes. Coordinates are PDF points (1/72 inch) on the page as displayed (rotation already
/// applied), origin at the bottom-left corner of the visible page. Or an anchor text in the document, or
/// invisible.
/// </summary>
public sealed record PlacementRequest
{
    public int? Page { get; init; }
    public double? X { get; init; }
    public double? Y { get; init; }
    public double? Width { get; init; }
    public double? Height { get; init; }
    public string? Anchor { get; init; }
    public bool Invisible { get; init; }
}

public sealed record DocumentView(
    Guid Id,
    string Status,
    string VerifyUrl,
    string TrackingCode,
    string DocumentType,
    string Number,
    string Title,
    string Level,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SignedAt,
    string? SignedBy,
    string? SignedByPosition,
    string OriginalSha256,
    string? SignedSha256,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    ErrorView? LastError,
    DateTimeOffset? RevokedAt,
    string? RevocationReason,
    DateTimeOffset? DueAt,
    string Sla,
    DocumentLinks Links)
{
    public static DocumentView Of(Document d, string typeCode, string verifyUrl) => new(
        d.Id, d.Status.Name(), verifyUrl, d.TrackingCode, typeCode, d.Facts.Number, d.Facts.Title, d.Instructions.Level,
        d.CreatedAt, d.UpdatedAt, d.SignedAt, d.SignedByName, d.SignedByPosition, d.OriginalSha256, d.SignedSha256,
        d.Attempts, d.Status == DocumentStatus.Queued ? d.NextAttemptAt : null,
        d.LastErrorCode is null ? null : new ErrorView(d.LastErrorCode, d.LastError ?? ""),
        d.RevokedAt, d.RevocationReason, d.DueAt,
        d.SlaState switch { Domain.Sla.SlaState.AtRisk => "at_risk", Domain.Sla.SlaState.Overdue => "overdue", _ => "on_time" },
        new DocumentLinks(
            $"/api/v1/documents/{d.Id}",
            $"/api/v1/documents/{d.Id}/file?variant=original",
            d.SignedBlobKey is null ? null : $"/api/v1/documents/{d.Id}/file?variant=signed"));
}

public sealed record ErrorView(string Code, string Message);

public sealed record DocumentLinks(string Self, string Original, string? Signed);

public sealed record DocumentPage(IReadOnlyList<DocumentView> Items, int Page, int PageSize, int Total);

/// <param name="Reason">Shown on the public page.</param>
/// <param name="SupersededBy">Id of the document that replaces this one; the public page then links to it.</param>
public sealed record RevokeRequest(string? Reason, Guid? SupersededBy = null);
