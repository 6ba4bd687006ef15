using Microsoft.EntityFrameworkCore;
using Signing.Abstractions;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Domain.Approval;
using SigningService.Notifications;
using SigningService.Signing;

namespace SigningService.Approval;

/// <summary>
/// The decisions that need no key: a paraf (recorded against the verified SHA-256 of the original PDF) and a
/// rejection (reason required; the issuing system gets a "document.rejected" webhook with it). Each decision is
/// its own unit of work, so one document of a batch failing leaves the others done.
/// </summary>
public sealed class ApprovalDecisions(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task<ApprovalResult> ParafAsync(Account me, Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var save = services.GetRequiredService<AuditedSave>();
        var db = save.Db;
        var now = clock.GetUtcNow();
        if (await StandingOfAsync(services, db, me, id, now, ct) is not var (document, standing))
            return Refusal(Standing.None, id, null, null);
        if (standing != Standing.ParafTurn)
            return Refusal(standing, id, document.Status, document);
        var chain = await db.ParafSteps.AsNoTracking().Where(s => s.DocumentTypeId == document.DocumentTypeId).OrderBy(s => s.Order).ToListAsync(ct);
        var step = chain[document.ParafCompleted];
        string sha256;
        try
        {
            sha256 = await services.GetRequiredService<DocumentSigning>().VerifiedOriginalSha256Async(document, ct);
        }
        catch (SigningException e)
        {
            return ApprovalResult.Failed(id, document.Status, e.Code, e.Message);
        }
        var actor = Actor(me);
        document.RecordParaf(step.Order, chain.Count, now, actor);
        db.DocumentSignatures.Add(new DocumentSignature
        {
            DocumentId = id, Kind = DocumentSignatureKind.Paraf, ParafStep = step.Order, AccountId = me.Id, SignatoryId = me.SignatoryId,
            Name = me.DisplayName, Position = step.Position, DocumentSha256 = sha256, At = now,
        });
        save.Record(actor, "document.paraf", id,
            new { step = step.Order, of = chain.Count, position = step.Position, sha256, status = document.Status.Name() });
        await services.GetRequiredService<InboxNotifications>().QueueArrivalAsync(db, document, now, ct);
        if (await SaveOrLostRaceAsync(save, id, ct) is { } lost)
            return lost;
        return new ApprovalResult(id, "paraf", document.Status.Name());
    }

    /// <summary>Rejects a document in the account's inbox (their paraf step, or they are its effective signer).</summary>
    public async Task<ApprovalResult> RejectAsync(Account me, Guid id, string reason, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var save = services.GetRequiredService<AuditedSave>();
        var db = save.Db;
        var now = clock.GetUtcNow();
        if (await StandingOfAsync(services, db, me, id, now, ct) is not var (document, standing))
            return Refusal(Standing.None, id, null, null);
        // The signer may refuse before the chain is complete: a rejection is a veto, not an approval.
        if (standing is not (Standing.ParafTurn or Standing.SignTurn or Standing.WaitingForParaf))
            return Refusal(standing, id, document.Status, document);
        var actor = Actor(me);
        document.Reject(reason, now, actor, me.Id);
        save.Record(actor, "document.rejected", id, new { reason, account = me.UserName, standing = standing.ToString() });
        var stamps = services.GetRequiredService<StampRequests>();
        WebhookOutbox.Enqueue(db, document, WebhookOutbox.Rejected, stamps.VerifyUrl(document), now);
        if (await SaveOrLostRaceAsync(save, id, ct) is { } lost)
            return lost;
        services.GetRequiredService<Verification.PublicDocumentCache>().Invalidate(document.PublicId);
        return new ApprovalResult(id, "rejected", document.Status.Name());
    }

    /// <summary>The document (tracked) and where the account stands with it, or null when it does not exist.</summary>
    private static async Task<(Document Document, Standing Standing)?> StandingOfAsync(
        IServiceProvider services, SigningDbContext db, Account me, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        var document = await db.Documents.SingleOrDefaultAsync(d => d.Id == id, ct);
        if (document is null)
            return null;
        var (standing, _) = await services.GetRequiredService<InboxService>().StandingAsync(me, document, now, ct);
        return (document, standing);
    }

    /// <summary>Saves the decision; null when it stood, the already-decided answer when someone else decided first.</summary>
    private static async Task<ApprovalResult?> SaveOrLostRaceAsync(AuditedSave save, Guid id, CancellationToken ct)
    {
        try
        {
            await save.SaveAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApprovalResult.Failed(id, null, InboxCodes.AlreadyDecided, $"Document {id} was decided by someone else at the same moment.");
        }
    }

    /// <summary>The answer for a document that is not the account's to decide now.</summary>
    public static ApprovalResult Refusal(Standing standing, Guid id, DocumentStatus? status, Document? document) => standing switch
    {
        Standing.WaitingForParaf => ApprovalResult.Failed(id, status, InboxCodes.ParafIncomplete,
            $"Document {id} still waits for its paraf chain ({document?.ParafCompleted ?? 0} done); it can be signed once the chain is complete."),
        Standing.Decided or Standing.ParafTurn or Standing.SignTurn => ApprovalResult.Failed(id, status, InboxCodes.AlreadyDecided,
            $"Document {id} is {status?.Name()}: you have already decided on it, or it was decided by someone else."),
        _ => ApprovalResult.Failed(id, null, InboxCodes.NotYourDocument, $"Document {id} is not in your inbox."),
    };

    public static string Actor(Account me) => $"account:{me.UserName}";
}
