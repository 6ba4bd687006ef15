using Microsoft.EntityFrameworkCore;
using Signing.Abstractions;
using SigningService.Data;
using SigningService.Domain.Approval;

namespace SigningService.Approval;

/// <summary>
/// Approve one document or a batch: each document is sorted by where the account stands with it — their paraf
/// step (paraf), their signature (signed with the PIN in one token login for the whole batch), or not theirs to
/// decide (a per-document refusal). A wrong or locked PIN refuses the whole request before anything changes.
/// The per-document results come back in the order asked; <c>onEach</c>, when given, hears of each one as soon
/// as it is known (refusals first, then paraf, then each signature), so a UI can show a batch's progress.
/// </summary>
public sealed partial class ApprovalService(
    SigningDbContext db, InboxService inbox, ApprovalDecisions decisions, ApprovalSigner signer, AuditedSave save, TimeProvider clock,
    ILogger<ApprovalService> log)
{
    public const int MaxBatch = 100;

    public async Task<IReadOnlyList<ApprovalResult>> ApproveAsync(
        Account me, IReadOnlyList<Guid> ids, string? pin, CancellationToken ct, Func<ApprovalResult, Task>? onEach = null)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count is 0 or > MaxBatch)
            throw RequestRefusedException.Invalid($"Give 1 to {MaxBatch} document ids.");
        var now = clock.GetUtcNow();
        var documents = await db.Documents.AsNoTracking().Where(d => wanted.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        var results = new Dictionary<Guid, ApprovalResult>();
        var toParaf = new List<Guid>();
        var toSign = new List<Guid>();
        foreach (var id in wanted)
        {
            if (!documents.TryGetValue(id, out var document))
            {
                results[id] = ApprovalDecisions.Refusal(Standing.None, id, null, null);
                continue;
            }
            var (standing, _) = await inbox.StandingAsync(me, document, now, ct);
            if (standing == Standing.ParafTurn)
                toParaf.Add(id);
            else if (standing == Standing.SignTurn)
                toSign.Add(id);
            else
                results[id] = ApprovalDecisions.Refusal(standing, id, document.Status, document);
        }

        SigningSession? session = null;
        if (toSign.Count > 0)
        {
            if (string.IsNullOrEmpty(pin))
                throw new RequestRefusedException(StatusCodes.Status400BadRequest, ErrorCodes.PinRequired,
                    "Signing needs the PIN of your token ('pin').");
            var official = await db.Signatories.AsNoTracking().SingleAsync(s => s.Id == me.SignatoryId, ct);
            try
            {
                session = await signer.BeginAsync(official, pin, ct);
            }
            catch (KeyAccessException e)
            {
                LogTokenRefused(me.UserName, official.TokenLabel, e.Code);
                save.Record(ApprovalDecisions.Actor(me), "approval.token-refused", null,
                    new { code = e.Code, token = official.TokenLabel, triesLeft = e.TriesLeft, documents = toSign.Count });
                await save.SaveAsync(ct);
                throw;
            }
        }
        if (onEach is not null)
        {
            foreach (var refused in wanted.Where(results.ContainsKey))
                await onEach(results[refused]);
        }
        using (session)
        {
            foreach (var id in toParaf)
                await Report(results[id] = await decisions.ParafAsync(me, id, ct));
            foreach (var id in toSign)
                await Report(results[id] = await session!.SignAsync(me, id, ct));
        }
        return wanted.Select(id => results[id]).ToList();

        Task Report(ApprovalResult result) => onEach?.Invoke(result) ?? Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval by {Account}: token {Token} refused the login ({Code})")]
    private partial void LogTokenRefused(string? account, string? token, string code);
}
