namespace SigningService.Domain.Approval;

/// <summary>Pelaksana harian (while the head is away for a short time) or pelaksana tugas (a vacant or long absence).</summary>
public enum DelegationKind
{
    Plh = 0,
    Plt = 1,
}

/// <summary>
/// A Plh/Plt order (Surat Perintah): while it is in force, documents of the covered types addressed to the
/// head are signed by the acting official. Routing is computed when the inbox is read and when a document
/// is signed, never copied onto the documents, so ending the order hands pending documents back to the head.
/// </summary>
public sealed class Delegation
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OpdId { get; init; }
    public Guid HeadSignatoryId { get; init; }
    public Guid ActingSignatoryId { get; init; }
    public DelegationKind Kind { get; init; }

    /// <summary>The Surat Perintah number, e.g. "800/123/35.73.406/2026".</summary>
    public required string LegalBasis { get; init; }

    public DateTimeOffset ValidFrom { get; init; }
    public DateTimeOffset ValidUntil { get; set; }

    /// <summary>Document types covered; empty means all of the head's documents.</summary>
    public List<Guid> DocumentTypeIds { get; init; } = [];

    /// <summary>Sign "a.n." the head: the stamp shows "a.n. {head's jabatan}" above the acting official's own jabatan.</summary>
    public bool OnBehalf { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset? EndedAt { get; private set; }
    public string? EndedBy { get; private set; }

    public bool IsActiveAt(DateTimeOffset now) => EndedAt is null && ValidFrom <= now && now < ValidUntil;

    public bool Covers(Guid documentTypeId) => DocumentTypeIds.Count == 0 || DocumentTypeIds.Contains(documentTypeId);

    /// <summary>Ends the order early; documents still pending go back to the head from this moment.</summary>
    public void End(DateTimeOffset now, string actor)
    {
        if (EndedAt is not null)
        {
            throw new InvalidOperationException("The delegation has already ended.");
        }
        EndedAt = now;
        EndedBy = actor;
    }

    /// <summary>Prefix of the jabatan on the stamp: "Plh." or "Plt.".</summary>
    public string Prefix => Kind == DelegationKind.Plh ? "Plh." : "Plt.";

    /// <summary>
    /// The delegation that routes a document of <paramref name="documentTypeId"/> addressed to
    /// <paramref name="headSignatoryId"/> elsewhere at <paramref name="now"/>, or null when the head signs.
    /// The newest order wins when two overlap. One hop only: an acting official's own absence is not followed.
    /// </summary>
    public static Delegation? Routing(IEnumerable<Delegation> delegations, Guid headSignatoryId, Guid documentTypeId, DateTimeOffset now) =>
        delegations
            .Where(d => d.HeadSignatoryId == headSignatoryId && d.IsActiveAt(now) && d.Covers(documentTypeId))
            .OrderByDescending(d => d.ValidFrom).ThenByDescending(d => d.CreatedAt)
            .FirstOrDefault();
}

/// <summary>The delegation a document was signed under, as kept on the document for the verification page.</summary>
public sealed record SignedUnderDelegation(Guid Id, DelegationKind Kind, string LegalBasis, string? OnBehalfOf);
