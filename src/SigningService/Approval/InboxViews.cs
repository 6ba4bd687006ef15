using SigningService.Domain;
using SigningService.Domain.Approval;

namespace SigningService.Approval;

/// <summary>Inbox filters: a document type code, and the age of the request in hours (both ends optional).</summary>
public sealed record InboxFilter(string? Type = null, int? MinAgeHours = null, int? MaxAgeHours = null);

/// <summary>The Plh/Plt order an item reaches the acting official under.</summary>
public sealed record DelegationView(Guid Id, string Kind, string LegalBasis, bool OnBehalf, string HeadName, string HeadPosition);

/// <summary>
/// One document waiting for the current account: <see cref="Action"/> "paraf" (their step of the chain) or
/// "sign" (they are the effective signer), in the jabatan <see cref="ActingAs"/>.
/// </summary>
public sealed record InboxItem(
    Guid Id,
    string Action,
    string ActingAs,
    string DocumentType,
    string DocumentTypeName,
    string Number,
    string Title,
    string? HolderName,
    string Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? DueAt,
    bool Overdue,
    string Sla,
    int ParafDone,
    int ParafSteps,
    string Level,
    string OriginalSha256,
    DelegationView? Delegation);

/// <summary>A paraf or signature on a document as recorded.</summary>
public sealed record SignatureView(
    string Kind, int? ParafStep, string Name, string Position, string DocumentSha256, string? SignedSha256, DateTimeOffset At,
    string? DelegationKind, string? DelegationBasis)
{
    public static SignatureView Of(DocumentSignature s) => new(
        s.Kind == DocumentSignatureKind.Paraf ? "paraf" : "signature", s.ParafStep, s.Name, s.Position, s.DocumentSha256, s.SignedSha256,
        s.At, s.DelegationKind?.ToString(), s.DelegationBasis);
}

/// <summary>
/// A document as the account may see it: what they can do now (<see cref="Action"/>: paraf, sign, or null
/// when they already decided or wait for the chain), the facts, the chain's progress and the record so far.
/// <see cref="WaitingForParaf"/>: they are its signer but the chain is not complete (they may reject, not sign).
/// </summary>
public sealed record InboxDocument(
    Guid Id,
    string? Action,
    string Status,
    string DocumentType,
    string DocumentTypeName,
    string Number,
    string Title,
    string? HolderName,
    string? HolderNik,
    IReadOnlyDictionary<string, string> PublicFacts,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? DueAt,
    string Level,
    string OriginalSha256,
    string? SignedSha256,
    IReadOnlyList<string> ParafChain,
    int ParafDone,
    IReadOnlyList<SignatureView> Signatures,
    string? RejectionReason,
    DelegationView? Delegation,
    bool WaitingForParaf);

/// <summary>The PDF of an inbox document: <see cref="Stream"/> when there is one; else why not.</summary>
public sealed record InboxFile(Stream? Stream, bool NotYours = false, bool NotSignedYet = false);

/// <summary>One thing the account did: a paraf, a signature or a rejection.</summary>
public sealed record HistoryEntry(Guid DocumentId, string Kind, string Number, string Title, string DocumentType, string Status, DateTimeOffset At, string? Detail);

/// <summary>
/// What became of one document of an approval: <see cref="Outcome"/> "paraf" or "signed" with the document's
/// new status, or "failed" with a stable <see cref="Code"/> and a message (the document is unchanged).
/// </summary>
public sealed record ApprovalResult(Guid DocumentId, string Outcome, string Status, string? Code = null, string? Detail = null, string? SignedSha256 = null)
{
    public bool Succeeded => Code is null;

    public static ApprovalResult Failed(Guid id, DocumentStatus? status, string code, string detail) =>
        new(id, "failed", status?.Name() ?? "unknown", code, detail);
}
