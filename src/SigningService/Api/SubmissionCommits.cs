using System.Threading.Channels;
using SigningService.Data;
using SigningService.Domain;

namespace SigningService.Api;

/// <summary>
/// Group commit for submissions. Every accepted document is one audited save, and audited saves take
/// turns (each rewrites the audit head), so under concurrent submissions each request used to wait for
/// all the commits queued before its own. Here one writer commits whatever has queued meanwhile in a
/// single transaction: the requests of a burst share one commit, and each is answered only after the
/// commit that holds its document (a 201 still means "durably stored").
/// The originals' blobs are written unflushed by the requests; one flush of the blob store before each
/// commit makes the whole group's originals durable (one syncfs instead of an fsync per request).
/// </summary>
public sealed partial class SubmissionCommits(IServiceScopeFactory scopes, Storage.IBlobStore blobs, ILogger<SubmissionCommits> log) : BackgroundService
{
    private const int MaxBatch = 256;

    private sealed record Pending(Document Document, string Actor, object Details, AlsoInTransaction? Also, TaskCompletionSource Done);

    /// <summary>More work that belongs to the same transaction as the document (e.g. its arrival e-mail in the outbox).</summary>
    public delegate Task AlsoInTransaction(SigningDbContext db, CancellationToken ct);

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>
    /// Stores the new document with its document.received audit event; completes once committed. Its
    /// original must already be in the blob store (written unflushed is enough: the commit flushes first).
    /// </summary>
    public Task CommitAsync(Document document, string actor, object details, AlsoInTransaction? also, CancellationToken ct)
    {
        var pending = new Pending(document, actor, details, also, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The service is shutting down and accepts no more submissions.");
        }
        // The commit goes ahead even when the client gives up waiting: it is then found by its Idempotency-Key.
        return pending.Done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await CommitQueuedAsync(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The web server stops (and drains its requests) before hosted services do; commit any stragglers.
            _queue.Writer.TryComplete();
            await CommitQueuedAsync(batch);
        }
    }

    private async Task CommitQueuedAsync(List<Pending> batch)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            if (batch.Count == 0)
            {
                return;
            }
            try
            {
                await SaveAsync(batch);
                batch.ForEach(p => p.Done.TrySetResult());
            }
            catch (Exception) when (batch.Count > 1)
            {
                // One bad row (typically an Idempotency-Key raced in twice) fails the whole transaction:
                // save them one by one so only that request sees its error.
                foreach (var pending in batch)
                {
                    await SaveAloneAsync(pending);
                }
            }
            catch (Exception e)
            {
                batch[0].Done.TrySetException(e);
            }
        }
    }

    private async Task SaveAloneAsync(Pending pending)
    {
        try
        {
            await SaveAsync([pending]);
            pending.Done.TrySetResult();
        }
        catch (Exception e)
        {
            pending.Done.TrySetException(e);
        }
    }

    private async Task SaveAsync(IReadOnlyList<Pending> batch)
    {
        await blobs.FlushAsync(CancellationToken.None);
        await using var scope = scopes.CreateAsyncScope();
        var save = scope.ServiceProvider.GetRequiredService<AuditedSave>();
        foreach (var pending in batch)
        {
            save.Db.Documents.Add(pending.Document);
            save.Record(pending.Actor, "document.received", pending.Document.Id, pending.Details);
            if (pending.Also is { } also)
                await also(save.Db, CancellationToken.None);
        }
        await save.SaveAsync(CancellationToken.None);
        if (batch.Count > 1)
        {
            LogGroupCommit(batch.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Committed {Count} submissions in one transaction")]
    private partial void LogGroupCommit(int count);
}
