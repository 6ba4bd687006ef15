using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Options;

namespace SigningService.Signing;

/// <summary>
/// Signs queued e-seal documents in batches. Most arrive already claimed: accepted by this process and
/// stored leased to its worker (<see cref="ClaimedAtAcceptance"/>). The rest — retries, and documents
/// whose worker's lease ran out — are claimed with a lease in one transaction (optimistic concurrency on
/// each document's version). A batch is signed in parallel into fresh blobs, and its results — signed or
/// failed, with their audit events and webhooks — are recorded in one transaction. A commit or two per
/// batch instead of two per document is what lets the service keep up with the engine: the database,
/// not the key, was the bottleneck.
/// After a crash the lease runs out and the document is signed again into a new blob; only the attempt
/// whose result commits is ever referenced, so each document ends signed exactly once.
/// </summary>
public sealed partial class ESealWorker(
    IServiceScopeFactory scopes, IOptions<WorkerOptions> options, WorkSignal signal, ESealSigning signing, Storage.IBlobStore blobs,
    ClaimedAtAcceptance claimedAtAcceptance, Verification.PublicDocumentCache publicCache, TimeProvider clock, ILogger<ESealWorker> log)
    : BackgroundService
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
                if (!await RunBatchAsync(stoppingToken))
                {
                    await signal.WaitAsync(_options.PollInterval, stoppingToken);
                }
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

    /// <summary>Claims, signs and records one batch; false when nothing was due.</summary>
    private async Task<bool> RunBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var save = scope.ServiceProvider.GetRequiredService<AuditedSave>();
        var claimed = await ClaimDueAsync(save.Db, ct);
        if (claimed.Count == 0)
        {
            return false;
        }

        var context = await ESealSigning.BatchContext.LoadAsync(save.Db, claimed, ct);
        var results = new ESealSigning.Result[claimed.Count];
        await Parallel.ForAsync(0, claimed.Count,
            new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = ct },
            async (i, token) => results[i] = await signing.SignAsync(claimed[i], context, token));
        // One flush for the batch's signed blobs, before any record names them.
        await blobs.FlushAsync(ct);
        await RecordAsync(save, results, context, ct);
        return true;
    }

    /// <summary>
    /// Takes up to a batch: first documents this process accepted already claimed for it, then due ones —
    /// queued ones whose next attempt has come, and ones whose worker's lease ran out (it crashed). One
    /// save for the claims of the batch; a document another worker took first is dropped from it.
    /// </summary>
    private async Task<List<Document>> ClaimDueAsync(SigningDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var batch = new List<Document>(_options.BatchSize);
        // An eighth of the batch stays for due documents, so retries move on even while acceptances never pause.
        var handedOver = claimedAtAcceptance.Take(_options.BatchSize - _options.BatchSize / 8);
        if (handedOver.Count > 0)
        {
            // Still claimed by this acceptance: a document whose lease ran out meanwhile belongs to whoever claims it next.
            await foreach (var document in StillClaimedAtAcceptance.For(db)(db, handedOver, now).WithCancellation(ct))
                batch.Add(document);
        }
        var due = new List<Document>();
        if (batch.Count < _options.BatchSize)
        {
            await foreach (var document in DueESealDocuments.For(db)(db, now, _options.BatchSize - batch.Count).WithCancellation(ct))
                due.Add(document);
        }
        foreach (var document in due)
        {
            document.Claim(now, _options.Lease);
        }
        for (var attempt = 1; due.Count > 0; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateConcurrencyException e) when (attempt < 10)
            {
                foreach (var entry in e.Entries)
                {
                    due.Remove((Document)entry.Entity);
                    entry.State = EntityState.Detached;
                }
            }
        }
        batch.AddRange(due);
        return batch;
    }

    private static readonly CompiledPerModel<Func<SigningDbContext, List<Guid>, DateTimeOffset, IAsyncEnumerable<Document>>> StillClaimedAtAcceptance =
        new(() => EF.CompileAsyncQuery((SigningDbContext db, List<Guid> ids, DateTimeOffset now) => db.Documents
            .Where(d => ids.Contains(d.Id) && d.Status == DocumentStatus.Signing && d.Attempts == 1 && d.LeaseUntil > now)));

    /// <summary>
    /// Asked for every batch. A claimed document's next attempt is its lease's end, so both kinds of due
    /// document are a range of the (Status, NextAttemptAt) index: documents being signed are never scanned.
    /// </summary>
    private static readonly CompiledPerModel<Func<SigningDbContext, DateTimeOffset, int, IAsyncEnumerable<Document>>> DueESealDocuments =
        new(() => EF.CompileAsyncQuery((SigningDbContext db, DateTimeOffset now, int batchSize) => db.Documents
            .Where(d => (d.Status == DocumentStatus.Queued && d.NextAttemptAt <= now)
                        || (d.Status == DocumentStatus.Signing && d.NextAttemptAt <= now && d.LeaseUntil <= now))
            .Where(d => db.Signatories.Any(s => s.Id == d.SignatoryId && s.Kind == SignatoryKind.ESeal))
            .OrderBy(d => d.NextAttemptAt)
            .Take(batchSize)));

    /// <summary>
    /// Records every result of the batch in one audited transaction. A document whose lease was lost
    /// meanwhile (another worker claimed it after the lease ran out) is left to that worker: its version
    /// no longer matches, the save fails, and the batch is recorded again without it.
    /// </summary>
    private async Task RecordAsync(AuditedSave save, ESealSigning.Result[] results, ESealSigning.BatchContext context, CancellationToken ct)
    {
        var db = save.Db;
        var mine = results.ToDictionary(r => r.Document.Id);
        for (var attempt = 1; mine.Count > 0; attempt++)
        {
            var now = clock.GetUtcNow();
            foreach (var result in mine.Values)
            {
                Apply(save, result, context, now);
            }
            try
            {
                await save.SaveAsync(ct);
                break;
            }
            catch (DbUpdateConcurrencyException e) when (attempt < 10)
            {
                var lost = e.Entries.Select(x => x.Entity).OfType<Document>().Select(d => d.Id).ToHashSet();
                foreach (var id in lost)
                {
                    mine.Remove(id);
                    LogLostLease(id);
                }
                // Start again from what the database holds for the rest of the batch.
                db.ChangeTracker.Clear();
                save.DiscardPending();
                var reloaded = await db.Documents.Where(d => mine.Keys.Contains(d.Id)).ToListAsync(ct);
                foreach (var document in reloaded)
                {
                    var result = mine[document.Id];
                    if (document.Status == DocumentStatus.Signing && document.Attempts == result.Attempt)
                        mine[document.Id] = result with { Document = document };
                    else
                        mine.Remove(document.Id);
                }
            }
        }
        foreach (var result in mine.Values)
        {
            if (result.Outcome is not null)
            {
                publicCache.Invalidate(result.Document.PublicId);
                LogSigned(result.Document.Id, result.Attempt);
            }
            else
            {
                LogAttemptFailed(result.Document.Id, result.Attempt, result.ErrorCode!, result.ErrorMessage!);
            }
        }
    }

    private void Apply(AuditedSave save, ESealSigning.Result result, ESealSigning.BatchContext context, DateTimeOffset now)
    {
        var document = result.Document;
        var verifyUrl = signing.VerifyUrl(document);
        if (result.Outcome is { } outcome)
        {
            var signatory = context.Signatories[document.SignatoryId];
            document.MarkSigned(outcome, now);
            KeyUseAudit.Record(save, $"eseal:{signatory.TokenLabel}", signatory, document.Id);
            save.Record("worker", "document.signed", document.Id, new { sha256 = outcome.Sha256, level = outcome.Level, blob = outcome.BlobKey });
            WebhookOutbox.Enqueue(save.Db, document, WebhookOutbox.Signed, verifyUrl, now);
            return;
        }
        var code = result.ErrorCode!;
        var message = result.ErrorMessage!;
        document.MarkAttemptFailed(code, message, now, _options.MaxAttempts, _options.FirstBackoff);
        save.Record("worker", "document.attempt-failed", document.Id,
            new { code, message, attempt = document.Attempts, status = document.Status.Name() });
        if (document.Status == DocumentStatus.Failed)
        {
            WebhookOutbox.Enqueue(save.Db, document, WebhookOutbox.Failed, verifyUrl, now);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {Id} signed (attempt {Attempt})")]
    private partial void LogSigned(Guid id, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {Id}: attempt {Attempt} failed: {Code}: {Error}")]
    private partial void LogAttemptFailed(Guid id, int attempt, string code, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {Id}: the lease ran out before the result was saved; another worker owns it now")]
    private partial void LogLostLease(Guid id);

    [LoggerMessage(Level = LogLevel.Error, Message = "Signing worker loop failed; retrying")]
    private partial void LogLoopFailed(Exception e);
}
