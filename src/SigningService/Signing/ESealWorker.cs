using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Signing.Abstractions;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Options;
using SigningService.Storage;

namespace SigningService.Signing;

/// <summary>
/// Signs queued e-seal documents. A document is claimed with a lease (optimistic concurrency on its
/// version), signed into a fresh blob, and marked signed in the same transaction as its audit events and
/// webhook. After a crash the lease runs out and the document is signed again into a new blob; only the
/// attempt that commits is ever referenced, so each document ends signed exactly once.
/// </summary>
public sealed partial class ESealWorker(
    IServiceScopeFactory scopes, IOptions<WorkerOptions> options, WorkSignal signal, ILogger<ESealWorker> log) : BackgroundService
{
    private readonly WorkerOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var due = await FindDueAsync(_options.Parallelism * 8, stoppingToken);
                if (due.Count == 0)
                {
                    await signal.WaitAsync(_options.PollInterval, stoppingToken);
                    continue;
                }
                await Parallel.ForEachAsync(due,
                    new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = stoppingToken },
                    async (id, ct) => await ProcessAsync(id, ct));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogLoopFailed(e);
                await Task.Delay(_options.PollInterval, stoppingToken);
            }
        }
    }

    private async Task<List<Guid>> FindDueAsync(int count, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SigningDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        return await db.Documents
            .Where(d => (d.Status == DocumentStatus.Queued && d.NextAttemptAt <= now)
                        || (d.Status == DocumentStatus.Signing && d.LeaseUntil <= now))
            .Where(d => db.Signatories.Any(s => s.Id == d.SignatoryId && s.Kind == SignatoryKind.ESeal))
            .OrderBy(d => d.NextAttemptAt)
            .Select(d => d.Id)
            .Take(count)
            .ToListAsync(ct);
    }

    private async Task ProcessAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var save = services.GetRequiredService<AuditedSave>();
        var db = save.Db;
        var clock = services.GetRequiredService<TimeProvider>();
        var document = await db.Documents.SingleAsync(d => d.Id == id, ct);
        try
        {
            document.Claim(clock.GetUtcNow(), _options.Lease);
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is DbUpdateConcurrencyException or InvalidTransitionException)
        {
            return; // another worker has it, or it moved on
        }

        var signatory = await db.Signatories.SingleAsync(s => s.Id == document.SignatoryId, ct);
        var type = await db.DocumentTypes.SingleAsync(t => t.Id == document.DocumentTypeId, ct);
        var opd = await db.Opds.SingleAsync(o => o.Id == document.OpdId, ct);
        var requests = services.GetRequiredService<StampRequests>();
        try
        {
            var signer = services.GetRequiredService<SigningKeys>().ESeal(signatory);
            var blobKey = BlobKeys.Signed(id, document.Attempts);
            var signed = await services.GetRequiredService<DocumentSigning>()
                .SignToBlobAsync(document, signer, requests.For(document, type, signatory, opd), blobKey, ct);

            var now = clock.GetUtcNow();
            document.MarkSigned(new SignedOutcome(blobKey, signed.Sha256, signed.Length, signed.SigningTime,
                signatory.Name, signatory.Position, document.Instructions.Level, signed.TimestampAuthority), now);
            save.Record($"eseal:{signatory.TokenLabel}", "key.used", id,
                new { signatory = signatory.Name, token = signatory.TokenLabel, key = signatory.KeyLabel, purpose = "document-signature" });
            save.Record("worker", "document.signed", id, new { sha256 = signed.Sha256, level = document.Instructions.Level, blob = blobKey });
            WebhookOutbox.Enqueue(db, document, WebhookOutbox.Signed, requests.VerifyUrl(document), now);
            await save.SaveAsync(ct);
            services.GetRequiredService<Verification.PublicDocumentCache>().Invalidate(document.PublicId);
            LogSigned(id, document.Attempts);
        }
        catch (DbUpdateConcurrencyException)
        {
            LogLostLease(id);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var code = e is SigningException s ? s.Code : "internal-error";
            var message = e is SigningException ? e.Message : "An unexpected error occurred while signing; see the service log.";
            if (e is KeyAccessException)
            {
                services.GetRequiredService<SigningKeys>().Forget(signatory);
            }
            if (e is not SigningException)
            {
                LogUnexpected(e, id);
            }
            if (document.Status != DocumentStatus.Signing)
            {
                // The failure came after MarkSigned (the save itself failed): start again from what the database holds.
                db.ChangeTracker.Clear();
                save.DiscardPending();
                document = await db.Documents.SingleAsync(d => d.Id == id, ct);
                if (document.Status != DocumentStatus.Signing)
                    return;
            }
            await RecordFailureAsync(save, document, code, message, requests, clock, ct);
        }
    }

    private async Task RecordFailureAsync(
        AuditedSave save, Document document, string code, string message, StampRequests requests, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        document.MarkAttemptFailed(code, message, now, _options.MaxAttempts, _options.FirstBackoff);
        save.Record("worker", "document.attempt-failed", document.Id, new { code, message, attempt = document.Attempts, status = document.Status.Name() });
        if (document.Status == DocumentStatus.Failed)
        {
            WebhookOutbox.Enqueue(save.Db, document, WebhookOutbox.Failed, requests.VerifyUrl(document), now);
        }
        try
        {
            await save.SaveAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            LogLostLease(document.Id);
        }
        LogAttemptFailed(document.Id, document.Attempts, code, message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {Id} signed (attempt {Attempt})")]
    private partial void LogSigned(Guid id, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {Id}: attempt {Attempt} failed: {Code}: {Error}")]
    private partial void LogAttemptFailed(Guid id, int attempt, string code, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {Id}: the lease ran out before the result was saved; another worker owns it now")]
    private partial void LogLostLease(Guid id);

    [LoggerMessage(Level = LogLevel.Error, Message = "Document {Id}: unexpected error while signing")]
    private partial void LogUnexpected(Exception e, Guid id);

    [LoggerMessage(Level = LogLevel.Error, Message = "Signing worker loop failed; retrying")]
    private partial void LogLoopFailed(Exception e);
}
