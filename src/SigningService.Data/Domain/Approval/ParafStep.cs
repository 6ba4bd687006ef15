namespace SigningService.Domain.Approval;

/// <summary>
/// One step of a document type's paraf chain (e.g. 1 Kasi → 2 Kabid → 3 Sekretaris): the jabatan and the
/// account that holds it. A personal-signature document of the type waits for every step, in order,
/// before its signer can sign.
/// </summary>
public sealed class ParafStep
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid DocumentTypeId { get; init; }

    /// <summary>1-based position in the chain.</summary>
    public int Order { get; init; }

    /// <summary>Jabatan as recorded with the paraf, e.g. "Kepala Bidang Perizinan".</summary>
    public required string Position { get; set; }

    public Guid AccountId { get; set; }
}

public enum DocumentSignatureKind
{
    Paraf = 0,
    Signature = 1,
}

/// <summary>
/// One paraf or signature on a document, as it was made: who (account, and signatory for a signature), in
/// which jabatan at the time, over which exact bytes (SHA-256 of the original PDF), when, and under which
/// delegation. Rows are only ever added.
/// </summary>
public sealed class DocumentSignature
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid DocumentId { get; init; }
    public DocumentSignatureKind Kind { get; init; }

    /// <summary>The chain step for a paraf; null for the signature.</summary>
    public int? ParafStep { get; init; }

    public Guid AccountId { get; init; }
    public Guid? SignatoryId { get; init; }
    public required string Name { get; init; }
    public required string Position { get; init; }

    /// <summary>SHA-256 of the original PDF the paraf or signature approves (checked against the stored blob).</summary>
    public required string DocumentSha256 { get; init; }

    /// <summary>SHA-256 of the signed PDF (signatures only).</summary>
    public string? SignedSha256 { get; init; }

    public DateTimeOffset At { get; init; }
    public Guid? DelegationId { get; init; }
    public DelegationKind? DelegationKind { get; init; }
    public string? DelegationBasis { get; init; }
}
