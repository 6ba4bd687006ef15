using Microsoft.EntityFrameworkCore;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Domain.Approval;
using SigningService.Storage;

namespace SigningService.Approval;

/// <summary>Where an account stands with a document.</summary>
public enum Standing
{
    /// <summary>Not theirs: to them the document does not exist.</summary>
    None,

    /// <summary>The next paraf of the chain is theirs.</summary>
    ParafTurn,

    /// <summary>They are the effective signer and the chain is complete.</summary>
    SignTurn,

    /// <summary>They are the effective signer but the paraf chain is not complete.</summary>
    WaitingForParaf,

    /// <summary>They made a paraf or signature on it, or rejected it, and have nothing left to do.</summary>
    Decided,
}

/// <summary>
/// The approval inbox of one account: what waits for them (their paraf step, or a signature where they are the
/// effective signer after Plh/Plt routing), and what they may open. Routing is computed here from the
/// delegations in force now, so ending a delegation hands documents back at once. Read-only.
/// </summary>
public sealed class InboxService(SigningDbContext db, IBlobStore blobs, TimeProvider clock)
{
    public async Task<IReadOnlyList<InboxItem>> ListAsync(Account me, InboxFilter filter, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var delegations = await Delegations.ActiveAsync(db, now, ct);
        var pending = db.Documents.AsNoTracking().AsQueryable();
        if (filter.Type is { } code)
            pending = pending.Where(d => db.DocumentTypes.Any(t => t.Id == d.DocumentTypeId && t.Code == code));
        if (filter.MinAgeHours is { } minAge)
        {
            var before = now.AddHours(-minAge);
            pending = pending.Where(d => d.CreatedAt <= before);
        }
        if (filter.MaxAgeHours is { } maxAge)
        {
            var after = now.AddHours(-maxAge);
            pending = pending.Where(d => d.CreatedAt >= after);
        }

        var paraf = await pending
            .Where(d => d.Status == DocumentStatus.PendingParaf
                        && db.ParafSteps.Any(s => s.DocumentTypeId == d.DocumentTypeId && s.Order == d.ParafCompleted + 1 && s.AccountId == me.Id))
            .ToListAsync(ct);
        var sign = new List<(Document Document, Delegation? Delegation)>();
        if (me.SignatoryId is { } mine)
        {
            var heads = delegations.Where(d => d.ActingSignatoryId == mine).Select(d => d.HeadSignatoryId).Distinct().ToList();
            var candidates = await pending
                .Where(d => d.Status == DocumentStatus.PendingApproval && (d.SignatoryId == mine || heads.Contains(d.SignatoryId)))
                .ToListAsync(ct);
            sign.AddRange(candidates
                .Select(d => (Document: d, Delegation: Delegation.Routing(delegations, d.SignatoryId, d.DocumentTypeId, now)))
                .Where(x => (x.Delegation?.ActingSignatoryId ?? x.Document.SignatoryId) == mine));
        }

        var typeIds = paraf.Select(d => d.DocumentTypeId).Concat(sign.Select(s => s.Document.DocumentTypeId)).Distinct().ToList();
        var types = await db.DocumentTypes.AsNoTracking().Where(t => typeIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var chains = (await db.ParafSteps.AsNoTracking().Where(s => typeIds.Contains(s.DocumentTypeId)).ToListAsync(ct))
            .ToLookup(s => s.DocumentTypeId);
        var headsById = await SignatoriesAsync(sign.Select(s => s.Document.SignatoryId), ct);

        var items = new List<InboxItem>();
        foreach (var d in paraf)
        {
            var step = chains[d.DocumentTypeId].Single(s => s.Order == d.ParafCompleted + 1);
            items.Add(Item(d, "paraf", step.Position, types[d.DocumentTypeId], chains[d.DocumentTypeId].Count(), null, now));
        }
        foreach (var (d, delegation) in sign)
        {
            var head = headsById[d.SignatoryId];
            var actingAs = delegation is null ? head.Position : delegation.OnBehalf ? $"a.n. {head.Position}" : $"{delegation.Prefix} {head.Position}";
            items.Add(Item(d, "sign", actingAs, types[d.DocumentTypeId], chains[d.DocumentTypeId].Count(), delegation is null ? null : View(delegation, head), now));
        }
        // Overdue first, then the nearest deadline, then the oldest request.
        return items
            .OrderByDescending(i => i.Overdue)
            .ThenBy(i => i.DueAt ?? DateTimeOffset.MaxValue)
            .ThenBy(i => i.ReceivedAt)
            .ToList();
    }

    /// <summary>A document the account may open (in their inbox now, or decided by them), else null.</summary>
    public async Task<InboxDocument?> GetAsync(Account me, Guid id, CancellationToken ct)
    {
        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
        if (document is null)
            return null;
        var now = clock.GetUtcNow();
        var (standing, delegation) = await StandingAsync(me, document, now, ct);
        if (standing == Standing.None)
            return null;
        var type = await db.DocumentTypes.AsNoTracking().SingleAsync(t => t.Id == document.DocumentTypeId, ct);
        var chain = await db.ParafSteps.AsNoTracking().Where(s => s.DocumentTypeId == type.Id).OrderBy(s => s.Order)
            .Select(s => s.Position).ToListAsync(ct);
        var signatures = await db.DocumentSignatures.AsNoTracking().Where(s => s.DocumentId == id).OrderBy(s => s.At).ToListAsync(ct);
        DelegationView? view = null;
        if (delegation is not null)
            view = View(delegation, await db.Signatories.AsNoTracking().SingleAsync(s => s.Id == document.SignatoryId, ct));
        var facts = document.Facts;
        return new InboxDocument(
            document.Id, standing switch { Standing.ParafTurn => "paraf", Standing.SignTurn => "sign", _ => null },
            document.Status.Name(), type.Code, type.Name, facts.Number, facts.Title, facts.HolderName, facts.HolderNik, facts.PublicFacts,
            document.CreatedAt, document.DueAt, document.Instructions.Level, document.OriginalSha256, document.SignedSha256,
            chain, document.ParafCompleted, signatures.Select(SignatureView.Of).ToList(), document.RejectionReason, view,
            standing == Standing.WaitingForParaf);
    }

    /// <summary>The original PDF (to review) or the signed one, of a document the account may open.</summary>
    public async Task<InboxFile> OpenFileAsync(Account me, Guid id, bool signed, CancellationToken ct)
    {
        if (await GetAsync(me, id, ct) is null)
            return new InboxFile(null, NotYours: true);
        var key = signed
            ? await db.Documents.AsNoTracking().Where(d => d.Id == id).Select(d => d.SignedBlobKey).SingleAsync(ct)
            : BlobKeys.Original(id);
        return key is null ? new InboxFile(null, NotSignedYet: true) : new InboxFile(blobs.OpenRead(key));
    }

    /// <summary>
    /// Where <paramref name="me"/> stands with <paramref name="document"/> at <paramref name="now"/>, and the
    /// delegation that makes them its signer (if any).
    /// </summary>
    public async Task<(Standing Standing, Delegation? Delegation)> StandingAsync(Account me, Document document, DateTimeOffset now, CancellationToken ct)
    {
        if (document.Status == DocumentStatus.PendingParaf
            && await db.ParafSteps.AnyAsync(s => s.DocumentTypeId == document.DocumentTypeId && s.Order == document.ParafCompleted + 1 && s.AccountId == me.Id, ct))
            return (Standing.ParafTurn, null);
        if (me.SignatoryId is { } mine && document.Status is DocumentStatus.PendingParaf or DocumentStatus.PendingApproval)
        {
            var delegation = Delegation.Routing(await Delegations.ActiveAsync(db, now, ct), document.SignatoryId, document.DocumentTypeId, now);
            if ((delegation?.ActingSignatoryId ?? document.SignatoryId) == mine)
                return (document.Status == DocumentStatus.PendingApproval ? Standing.SignTurn : Standing.WaitingForParaf, delegation);
        }
        var decided = document.RejectedByAccountId == me.Id
                      || await db.DocumentSignatures.AnyAsync(s => s.DocumentId == document.Id && s.AccountId == me.Id, ct);
        return (decided ? Standing.Decided : Standing.None, null);
    }

    /// <summary>What the account did, newest first: paraf, signatures and rejections.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(Account me, int limit, CancellationToken ct)
    {
        var signed = await db.DocumentSignatures.AsNoTracking().Where(s => s.AccountId == me.Id)
            .OrderByDescending(s => s.At).Take(limit)
            .Join(db.Documents, s => s.DocumentId, d => d.Id, (s, d) => new { s, d })
            .Join(db.DocumentTypes, x => x.d.DocumentTypeId, t => t.Id, (x, t) => new { x.s, x.d, t.Code })
            .ToListAsync(ct);
        var rejected = await db.Documents.AsNoTracking().Where(d => d.RejectedByAccountId == me.Id)
            .OrderByDescending(d => d.RejectedAt).Take(limit)
            .Join(db.DocumentTypes, d => d.DocumentTypeId, t => t.Id, (d, t) => new { d, t.Code })
            .ToListAsync(ct);
        return signed
            .Select(x => new HistoryEntry(x.d.Id, x.s.Kind == DocumentSignatureKind.Paraf ? "paraf" : "signature", x.d.Facts.Number, x.d.Facts.Title,
                x.Code, x.d.Status.Name(), x.s.At, x.s.Position))
            .Concat(rejected.Select(x => new HistoryEntry(x.d.Id, "rejection", x.d.Facts.Number, x.d.Facts.Title, x.Code, x.d.Status.Name(),
                x.d.RejectedAt!.Value, x.d.RejectionReason)))
            .OrderByDescending(h => h.At)
            .Take(limit)
            .ToList();
    }

    private async Task<Dictionary<Guid, Signatory>> SignatoriesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Signatories.AsNoTracking().Where(s => wanted.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
    }

    private static InboxItem Item(Document d, string action, string actingAs, DocumentType type, int chainLength, DelegationView? delegation, DateTimeOffset now) =>
        new(d.Id, action, actingAs, type.Code, type.Name, d.Facts.Number, d.Facts.Title, d.Facts.HolderName, d.Status.Name(),
            d.CreatedAt, d.DueAt, d.DueAt is { } due && due <= now, SlaName(d, now), d.ParafCompleted, chainLength, d.Instructions.Level,
            d.OriginalSha256, delegation);

    private static string SlaName(Document d, DateTimeOffset now) =>
        d.DueAt is { } due && due <= now ? "overdue"
        : d.SlaState switch { Domain.Sla.SlaState.AtRisk => "at_risk", Domain.Sla.SlaState.Overdue => "overdue", _ => "on_time" };

    private static DelegationView View(Delegation d, Signatory head) =>
        new(d.Id, d.Kind.ToString(), d.LegalBasis, d.OnBehalf, head.Name, head.Position);
}

/// <summary>Reads the Plh/Plt orders in force.</summary>
public static class Delegations
{
    public static async Task<IReadOnlyList<Delegation>> ActiveAsync(SigningDbContext db, DateTimeOffset now, CancellationToken ct) =>
        await db.Delegations.AsNoTracking()
            .Where(d => d.EndedAt == null && d.ValidFrom <= now && d.ValidUntil > now)
            .ToListAsync(ct);
}
