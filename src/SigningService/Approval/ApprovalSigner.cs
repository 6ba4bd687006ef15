using Microsoft.EntityFrameworkCore;
using Signing.Abstractions;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Domain.Approval;
using SigningService.Signing;
using SigningService.Storage;

namespace SigningService.Approval;

/// <summary>
/// Signs documents with an official's own key and the PIN they typed: <see cref="BeginAsync"/> takes the
/// token's turn (one approval per token at a time, other tokens in parallel) and logs in — a wrong PIN fails
/// here, before anything changed — then <see cref="SigningSession.SignAsync"/> signs each document through the
/// e-seal worker's path (prepare → sign → embed, the document's level, same stamp), marks it signed, records
/// the signature row and audit events and queues the webhook, one transaction per document. Disposing the
/// session logs out and gives the turn back. The PIN is passed straight to the token and never kept.
/// </summary>
public sealed partial class ApprovalSigner(
    IServiceScopeFactory scopes, SigningKeys keys, TokenTurns turns, TimeProvider clock, ILogger<ApprovalSigner> log)
{
    public async Task<SigningSession> BeginAsync(Signatory official, string pin, CancellationToken ct)
    {
        var token = official.TokenLabel
                    ?? throw new KeyAccessException(ErrorCodes.TokenNotPresent, $"No token is configured for '{official.Name}'.");
        var turn = await turns.TakeAsync(token, ct);
        try
        {
            return new SigningSession(this, official, keys.OpenPersonal(official, pin), turn);
        }
        catch
        {
            turn.Dispose();
            throw;
        }
    }

    internal async Task<ApprovalResult> SignOneAsync(Account me, Signatory official, PersonalKey key, Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var save = services.GetRequiredService<AuditedSave>();
        var db = save.Db;
        var actor = ApprovalDecisions.Actor(me);
        var document = await db.Documents.SingleAsync(d => d.Id == id, ct);
        var now = clock.GetUtcNow();
        // Again under the token's turn: routing or state may have changed since the batch was read.
        var (standing, delegation) = await services.GetRequiredService<InboxService>().StandingAsync(me, document, now, ct);
        if (standing != Standing.SignTurn)
            return ApprovalDecisions.Refusal(standing, id, document.Status, document);
        try
        {
            var type = await db.DocumentTypes.AsNoTracking().SingleAsync(t => t.Id == document.DocumentTypeId, ct);
            var opd = await db.Opds.AsNoTracking().SingleAsync(o => o.Id == document.OpdId, ct);
            var head = await db.Signatories.AsNoTracking().SingleAsync(s => s.Id == document.SignatoryId, ct);
            var (position, onBehalfOf) = StampLines(head, official, delegation);
            var stamps = services.GetRequiredService<StampRequests>();
            var blobKey = BlobKeys.SignedOnApproval(id, Guid.CreateVersion7(now));
            var signed = await services.GetRequiredService<DocumentSigning>().SignToBlobAsync(
                document, key.Signer, stamps.For(document, type, official, opd, position: position, onBehalfOf: onBehalfOf), blobKey, ct);

            now = clock.GetUtcNow();
            var under = delegation is null ? null : new SignedUnderDelegation(delegation.Id, delegation.Kind, delegation.LegalBasis, onBehalfOf);
            document.MarkSignedOnApproval(new SignedOutcome(blobKey, signed.Sha256, signed.Length, signed.SigningTime, official.Name, position,
                document.Instructions.Level, signed.TimestampAuthority, signed.ArchiveExpiresAt), under, now, actor);
            db.DocumentSignatures.Add(new DocumentSignature
            {
                DocumentId = id, Kind = DocumentSignatureKind.Signature, AccountId = me.Id, SignatoryId = official.Id, Name = official.Name,
                Position = position, DocumentSha256 = document.OriginalSha256, SignedSha256 = signed.Sha256, At = now,
                DelegationId = delegation?.Id, DelegationKind = delegation?.Kind, DelegationBasis = delegation?.LegalBasis,
            });
            KeyUseAudit.Record(save, actor, official, id);
            save.Record(actor, "document.signed", id, new
            {
                sha256 = signed.Sha256, level = document.Instructions.Level, blob = blobKey,
                delegation = delegation is null ? null : new { id = delegation.Id, kind = delegation.Kind.ToString(), basis = delegation.LegalBasis },
            });
            WebhookOutbox.Enqueue(db, document, WebhookOutbox.Signed, stamps.VerifyUrl(document), now);
            await save.SaveAsync(ct);
            services.GetRequiredService<Verification.PublicDocumentCache>().Invalidate(document.PublicId);
            LogSigned(id, me.UserName);
            return new ApprovalResult(id, "signed", document.Status.Name(), SignedSha256: signed.Sha256);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Decided elsewhere while we signed; our blob has a name of its own and is simply never referenced.
            return ApprovalResult.Failed(id, null, InboxCodes.AlreadyDecided, $"Document {id} was decided by someone else at the same moment.");
        }
        catch (SigningException e)
        {
            db.ChangeTracker.Clear();
            save.DiscardPending();
            save.Record(actor, "document.sign-failed", id, new { code = e.Code, message = e.Message, token = official.TokenLabel });
            await save.SaveAsync(ct);
            LogSignFailed(id, e.Code, e.Message);
            return ApprovalResult.Failed(id, DocumentStatus.PendingApproval, e.Code, e.Message);
        }
    }

    /// <summary>
    /// The jabatan lines of the stamp. The head signs in their own jabatan. Under a Plh/Plt order the acting
    /// official signs as "Plh. Kepala Dinas"; when the order says "a.n.", the block reads "a.n. Kepala Dinas"
    /// above the acting official's own jabatan (tata naskah dinas: "a.n. Kepala Dinas, Sekretaris").
    /// </summary>
    public static (string Position, string? OnBehalfOf) StampLines(Signatory head, Signatory official, Delegation? delegation) =>
        delegation is null ? (official.Position, null)
        : delegation.OnBehalf ? (official.Position, $"a.n. {head.Position}")
        : ($"{delegation.Prefix} {head.Position}", null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {Id} signed on approval by {Account}")]
    private partial void LogSigned(Guid id, string? account);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {Id}: signing on approval failed: {Code}: {Error}")]
    private partial void LogSignFailed(Guid id, string code, string error);
}

/// <summary>An official's open token for one request: sign documents, then dispose (logout, next in turn).</summary>
public sealed class SigningSession : IDisposable
{
    private readonly ApprovalSigner _owner;
    private readonly Signatory _official;
    private readonly PersonalKey _key;
    private readonly IDisposable _turn;

    internal SigningSession(ApprovalSigner owner, Signatory official, PersonalKey key, IDisposable turn)
    {
        _owner = owner;
        _official = official;
        _key = key;
        _turn = turn;
    }

    public Task<ApprovalResult> SignAsync(Account me, Guid documentId, CancellationToken ct) =>
        _owner.SignOneAsync(me, _official, _key, documentId, ct);

    public void Dispose()
    {
        try
        {
            _key.Dispose();
        }
        finally
        {
            _turn.Dispose();
        }
    }
}
