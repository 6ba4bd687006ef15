using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using SigningService.Api;

namespace SigningService.Tests;

/// <summary>When the e-seal key cannot be used: the error is kept, attempts are counted, nothing is lost.</summary>
public abstract class WorkerFailureTests(ServiceApp app)
{
    [Fact]
    public async Task A_signing_failure_keeps_the_document_queued_with_the_error_then_failed_after_max_attempts_and_retry_requeues_it()
    {
        var (tenant, type, signatoryId) = await app.CreateOpdWithBrokenESealAsync("rusak" + Guid.NewGuid().ToString("N")[..6]);
        using var client = app.Client(tenant.ApiKey);
        var created = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata(type));
        Assert.Equal("queued", created.Status);

        // Between attempts (first backoff 1 s): queued again, with the error and the attempt counted.
        var between = await WaitForAsync(client, created.Id, d => d.Status == "queued" && d.Attempts >= 1);
        Assert.Equal("token-not-present", between.LastError?.Code);
        Assert.Contains("dev-no-such-token", between.LastError!.Message, StringComparison.Ordinal);
        Assert.NotNull(between.NextAttemptAt);
        Assert.True(between.NextAttemptAt > between.UpdatedAt, "the next attempt waits for the backoff");

        var failed = await Api.WaitForStatusAsync(client, created.Id, "failed");
        Assert.Equal(ServiceApp.WorkerMaxAttempts, failed.Attempts);
        Assert.Equal("token-not-present", failed.LastError?.Code);
        Assert.Null(failed.NextAttemptAt);
        Assert.Null(failed.Links.Signed);
        var failures = await app.WithDb(db => db.AuditEvents.CountAsync(e => e.DocumentId == created.Id && e.Action == "document.attempt-failed"));
        Assert.Equal(ServiceApp.WorkerMaxAttempts, failures);

        // The token is back: a retry queues the document again and the worker signs it.
        await app.RepairESealAsync(signatoryId);
        using var retry = await client.PostAsync($"/api/v1/documents/{created.Id}/retry", null);
        var requeued = await Api.ExpectDocumentAsync(retry, HttpStatusCode.OK);
        Assert.Equal(("queued", 0), (requeued.Status, requeued.Attempts));

        var signed = await Api.WaitForStatusAsync(client, created.Id, "signed");
        Assert.Null(signed.LastError);
        Assert.Equal(1, signed.Attempts);
        SignedPdf.AssertValid(Sample.Permit, await Api.DownloadAsync(client, created.Id, "signed"), signed.SignedSha256!, signed.VerifyUrl);

        using var again = await client.PostAsync($"/api/v1/documents/{created.Id}/retry", null);
        await Api.ExpectProblemAsync(again, HttpStatusCode.Conflict, "invalid-state");
    }

    [Fact]
    public async Task Retrying_a_document_that_has_not_failed_is_409_invalid_state()
    {
        using var client = app.Client();
        var pending = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata(Sample.KadisType));
        using var response = await client.PostAsync($"/api/v1/documents/{pending.Id}/retry", null);
        await Api.ExpectProblemAsync(response, HttpStatusCode.Conflict, "invalid-state");
        Assert.Equal("pending_approval", (await Api.GetAsync(client, pending.Id)).Status);
    }

    [Fact]
    public async Task An_original_that_changed_on_disk_after_submission_is_never_signed()
    {
        var (tenant, type, signatoryId) = await app.CreateOpdWithBrokenESealAsync("ubah" + Guid.NewGuid().ToString("N")[..6]);
        using var client = app.Client(tenant.ApiKey);
        var created = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata(type));
        // Still a valid PDF, but not the bytes the issuing system sent. No signature was prepared at
        // submission (the key was unusable), so the worker signs from the stored original.
        await File.AppendAllTextAsync(Path.Combine(app.DataFolder, "blobs", Storage.BlobKeys.Original(created.Id)), "% changed\n");
        await app.RepairESealAsync(signatoryId);

        var refused = await WaitForAsync(client, created.Id, d => d.LastError?.Code == "original-mismatch");
        Assert.NotEqual("signed", refused.Status);
        Assert.Null(refused.Links.Signed);
    }

    private static async Task<DocumentView> WaitForAsync(HttpClient client, Guid id, Func<DocumentView, bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var document = await Api.GetAsync(client, id);
            if (condition(document))
                return document;
            if (watch.Elapsed > TimeSpan.FromSeconds(60))
                Assert.Fail($"document {id} did not get there in {watch.Elapsed}: {document.Status}, attempts {document.Attempts}");
            await Task.Delay(50);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WorkerFailureTestsOnSqlite(SqliteApp app) : WorkerFailureTests(app);

[Collection(PostgresCollection.Name)]
public sealed class WorkerFailureTestsOnPostgres(PostgresApp app) : WorkerFailureTests(app);
