using Microsoft.EntityFrameworkCore;
using Signing.Cms;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Domain.Approval;

namespace SigningService.Approval;

public sealed record DelegationRequest(
    Guid? HeadSignatoryId, Guid? ActingSignatoryId, string? Kind, string? LegalBasis, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil,
    List<string>? DocumentTypes, bool OnBehalf = false);

public sealed record DelegationAdminView(
    Guid Id, string Opd, Guid HeadSignatoryId, string HeadName, Guid ActingSignatoryId, string ActingName, string Kind, string LegalBasis,
    DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, IReadOnlyList<string> DocumentTypes, bool OnBehalf, bool ActiveNow, DateTimeOffset? EndedAt);

public sealed record ParafStepRequest(string? Position, string? UserName);

public sealed record ParafStepView(int Order, string Position, Guid AccountId, string UserName, string DisplayName);

/// <param name="CertificateSubject">The subject DN of the signing certificate, as the admin checks it against the token.</param>
public sealed record SignatoryView(
    Guid Id, string Opd, string Kind, string Name, string? Nip, string Position, string? TokenLabel, bool Active,
    string CertificateSubject, DateTimeOffset CertificateNotAfter);

public sealed record OpdView(Guid Id, string Code, string Name, int Officials);

public sealed record DocumentTypeView(
    Guid Id, string Code, string Name, string Opd, string Kind, string Level, string? DefaultSignatory, int SlaWorkingHours,
    IReadOnlyList<ParafStepView> ParafChain);

/// <summary>Admin work on the approval set-up: Plh/Plt delegations, the paraf chains of document types, the officials.</summary>
public sealed class ApprovalAdministration(AuditedSave save, TimeProvider clock)
{
    private SigningDbContext Db => save.Db;

    public async Task<IReadOnlyList<SignatoryView>> SignatoriesAsync(CancellationToken ct)
    {
        var rows = await Db.Signatories.AsNoTracking().OrderBy(s => s.Name)
            .Join(Db.Opds, s => s.OpdId, o => o.Id, (s, o) => new { s, Opd = o.Code })
            .ToListAsync(ct);
        return rows.Select(x => new SignatoryView(
                x.s.Id, x.Opd, x.s.Kind == SignatoryKind.ESeal ? "eseal" : "official", x.s.Name, x.s.Nip, x.s.Position, x.s.TokenLabel, x.s.Active,
                CertificateInfo.Describe(x.s.Certificate).Subject, x.s.CertificateNotAfter))
            .ToList();
    }

    public async Task<IReadOnlyList<OpdView>> OpdsAsync(CancellationToken ct) =>
        await Db.Opds.AsNoTracking().OrderBy(o => o.Name)
            .Select(o => new OpdView(o.Id, o.Code, o.Name, Db.Signatories.Count(s => s.OpdId == o.Id && s.Kind == SignatoryKind.Official)))
            .ToListAsync(ct);

    /// <summary>Every document type with its OPD, default signatory and paraf chain (in order).</summary>
    public async Task<IReadOnlyList<DocumentTypeView>> DocumentTypesAsync(CancellationToken ct)
    {
        var types = await Db.DocumentTypes.AsNoTracking().OrderBy(t => t.Code).ToListAsync(ct);
        var opds = await Db.Opds.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Code, ct);
        var signatories = await Db.Signatories.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var steps = (await Db.ParafSteps.AsNoTracking()
                .Join(Db.Users, s => s.AccountId, a => a.Id, (s, a) => new { s.DocumentTypeId, View = new ParafStepView(s.Order, s.Position, a.Id, a.UserName!, a.DisplayName) })
                .ToListAsync(ct))
            .ToLookup(x => x.DocumentTypeId, x => x.View);
        return types.Select(t => new DocumentTypeView(
                t.Id, t.Code, t.Name, opds[t.OpdId], t.SignatureKind == SignatoryKind.ESeal ? "eseal" : "official", t.Level,
                signatories.GetValueOrDefault(t.DefaultSignatoryId), t.SlaWorkingHours, steps[t.Id].OrderBy(s => s.Order).ToList()))
            .ToList();
    }

    public async Task<IReadOnlyList<DelegationAdminView>> DelegationsAsync(bool includeEnded, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var query = Db.Delegations.AsNoTracking();
        if (!includeEnded)
            query = query.Where(d => d.EndedAt == null && d.ValidUntil > now);
        var rows = await query.OrderByDescending(d => d.ValidFrom).ToListAsync(ct);
        var views = new List<DelegationAdminView>();
        foreach (var d in rows)
            views.Add(await ViewAsync(d, now, ct));
        return views;
    }

    /// <summary>A Plh/Plt order; from <see cref="DelegationRequest.ValidFrom"/> on, the head's covered documents route to the acting official.</summary>
    public async Task<DelegationAdminView> CreateDelegationAsync(string admin, DelegationRequest request, CancellationToken ct)
    {
        if (request.HeadSignatoryId is not { } headId || request.ActingSignatoryId is not { } actingId)
            throw RequestRefusedException.Invalid("'headSignatoryId' and 'actingSignatoryId' are required.");
        if (!Enum.TryParse<DelegationKind>(request.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            throw RequestRefusedException.Invalid("'kind' is Plh or Plt.");
        if (string.IsNullOrWhiteSpace(request.LegalBasis) || request.LegalBasis.Length > 200)
            throw RequestRefusedException.Invalid("'legalBasis' (the Surat Perintah number, at most 200 characters) is required.");
        var now = clock.GetUtcNow();
        // UTC: PostgreSQL keeps timestamptz with offset 0 only, and admins send local times (+07:00).
        var from = (request.ValidFrom ?? now).ToUniversalTime();
        if (request.ValidUntil?.ToUniversalTime() is not { } until || until <= from)
            throw RequestRefusedException.Invalid("'validUntil' is required and must be after 'validFrom'.");
        var head = await OfficialAsync(headId, ct);
        var acting = await OfficialAsync(actingId, ct);
        if (head.Id == acting.Id || head.OpdId != acting.OpdId)
            throw RequestRefusedException.Invalid("The acting official must be another official of the head's OPD.");
        var typeIds = new List<Guid>();
        foreach (var code in (request.DocumentTypes ?? []).Distinct())
        {
            var type = await Db.DocumentTypes.AsNoTracking().SingleOrDefaultAsync(t => t.Code == code && t.OpdId == head.OpdId, ct)
                       ?? throw RequestRefusedException.Invalid($"Document type '{code}' does not exist in the head's OPD.");
            typeIds.Add(type.Id);
        }
        var delegation = new Delegation
        {
            OpdId = head.OpdId, HeadSignatoryId = head.Id, ActingSignatoryId = acting.Id, Kind = kind, LegalBasis = request.LegalBasis.Trim(),
            ValidFrom = from, ValidUntil = until, DocumentTypeIds = typeIds, OnBehalf = request.OnBehalf, CreatedAt = now, CreatedBy = admin,
        };
        Db.Delegations.Add(delegation);
        save.Record($"account:{admin}", "delegation.created", null, new
        {
            id = delegation.Id, kind = kind.ToString(), basis = delegation.LegalBasis, head = head.Name, acting = acting.Name, from, until,
            types = request.DocumentTypes ?? [], onBehalf = request.OnBehalf,
        });
        await save.SaveAsync(ct);
        return await ViewAsync(delegation, now, ct);
    }

    /// <summary>Ends an order now: the head's pending documents route back to the head from this moment.</summary>
    public async Task<DelegationAdminView> EndDelegationAsync(string admin, Guid id, CancellationToken ct)
    {
        var delegation = await Db.Delegations.SingleOrDefaultAsync(d => d.Id == id, ct) ?? throw RequestRefusedException.NotFound($"Delegation {id}");
        if (delegation.EndedAt is not null)
            throw new RequestRefusedException(StatusCodes.Status409Conflict, InboxCodes.InvalidState, $"Delegation {id} has already ended.");
        var now = clock.GetUtcNow();
        delegation.End(now, admin);
        save.Record($"account:{admin}", "delegation.ended", null, new { id, kind = delegation.Kind.ToString(), basis = delegation.LegalBasis });
        await save.SaveAsync(ct);
        return await ViewAsync(delegation, now, ct);
    }

    public async Task<IReadOnlyList<ParafStepView>> ParafChainAsync(string typeCode, CancellationToken ct)
    {
        var type = await Db.DocumentTypes.AsNoTracking().SingleOrDefaultAsync(t => t.Code == typeCode, ct)
                   ?? throw RequestRefusedException.NotFound($"Document type '{typeCode}'");
        return await Db.ParafSteps.AsNoTracking().Where(s => s.DocumentTypeId == type.Id).OrderBy(s => s.Order)
            .Join(Db.Users, s => s.AccountId, a => a.Id, (s, a) => new ParafStepView(s.Order, s.Position, a.Id, a.UserName!, a.DisplayName))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Replaces a type's chain (empty: no paraf). New documents follow the new chain; while documents of the type
    /// are in the middle of one, it cannot change (their finished steps would no longer mean the same).
    /// </summary>
    public async Task<IReadOnlyList<ParafStepView>> SetParafChainAsync(string admin, string typeCode, IReadOnlyList<ParafStepRequest> steps, CancellationToken ct)
    {
        var type = await Db.DocumentTypes.SingleOrDefaultAsync(t => t.Code == typeCode, ct)
                   ?? throw RequestRefusedException.NotFound($"Document type '{typeCode}'");
        if (steps.Count > 0 && type.SignatureKind != SignatoryKind.Official)
            throw RequestRefusedException.Invalid($"'{typeCode}' is sealed automatically; only types signed by an official have a paraf chain.");
        if (steps.Count > 10)
            throw RequestRefusedException.Invalid("A paraf chain has at most 10 steps.");
        var inParaf = await Db.Documents.CountAsync(d => d.DocumentTypeId == type.Id && d.Status == DocumentStatus.PendingParaf, ct);
        if (inParaf > 0)
            throw new RequestRefusedException(StatusCodes.Status409Conflict, InboxCodes.InvalidState,
                $"{inParaf} document(s) of '{typeCode}' are in the middle of the chain; finish or reject them first.");
        var chain = new List<ParafStep>();
        foreach (var (step, i) in steps.Select((s, i) => (s, i)))
        {
            if (string.IsNullOrWhiteSpace(step.Position) || string.IsNullOrWhiteSpace(step.UserName))
                throw RequestRefusedException.Invalid($"Step {i + 1}: 'position' and 'userName' are required.");
            var account = await Db.Users.SingleOrDefaultAsync(a => a.NormalizedUserName == step.UserName.Trim().ToUpperInvariant() && a.Active, ct)
                          ?? throw RequestRefusedException.Invalid($"Step {i + 1}: no active account '{step.UserName}'.");
            chain.Add(new ParafStep { DocumentTypeId = type.Id, Order = i + 1, Position = step.Position.Trim(), AccountId = account.Id });
        }
        Db.ParafSteps.RemoveRange(await Db.ParafSteps.Where(s => s.DocumentTypeId == type.Id).ToListAsync(ct));
        await save.Db.SaveChangesAsync(ct); // the old orders free their unique (type, order) slots first
        Db.ParafSteps.AddRange(chain);
        save.Record($"account:{admin}", "paraf-chain.set", null, new { type = typeCode, steps = chain.Select(s => s.Position) });
        await save.SaveAsync(ct);
        return await ParafChainAsync(typeCode, ct);
    }

    private async Task<Signatory> OfficialAsync(Guid id, CancellationToken ct) =>
        await Db.Signatories.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id && s.Kind == SignatoryKind.Official && s.Active, ct)
        ?? throw RequestRefusedException.Invalid($"{id} is not an active official.");

    private async Task<DelegationAdminView> ViewAsync(Delegation d, DateTimeOffset now, CancellationToken ct)
    {
        var names = await Db.Signatories.AsNoTracking().Where(s => s.Id == d.HeadSignatoryId || s.Id == d.ActingSignatoryId)
            .ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var opd = await Db.Opds.Where(o => o.Id == d.OpdId).Select(o => o.Code).SingleAsync(ct);
        var types = await Db.DocumentTypes.AsNoTracking().Where(t => d.DocumentTypeIds.Contains(t.Id)).Select(t => t.Code).ToListAsync(ct);
        return new DelegationAdminView(d.Id, opd, d.HeadSignatoryId, names[d.HeadSignatoryId], d.ActingSignatoryId, names[d.ActingSignatoryId],
            d.Kind.ToString(), d.LegalBasis, d.ValidFrom, d.ValidUntil, types, d.OnBehalf, d.IsActiveAt(now), d.EndedAt);
    }
}
