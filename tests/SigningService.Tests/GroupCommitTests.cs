using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SigningService.Api;
using SigningService.Domain;

namespace SigningService.Tests;

/// <summary>Submissions that queue up meanwhile are committed together, and one bad row fails only itself.</summary>
public abstract class GroupCommitTests(ServiceApp app)
{
    [Fact]
    public async Task Submissions_queued_together_are_stored_together_and_a_duplicate_idempotency_key_fails_only_its_own_request()
    {
        var tenant = await app.CreateIssuingClientAsync("Aplikasi grup");
        var (type, kadis) = await app.WithDb(async db =>
        {
            var t = await db.DocumentTypes.AsNoTracking().SingleAsync(x => x.Code == Sample.KadisType);
            return (t, await db.Signatories.AsNoTracking().SingleAsync(s => s.Id == t.DefaultSignatoryId));
        });
        var shared = $"kunci-{Guid.NewGuid():N}";
        var keys = new[] { $"kunci-{Guid.NewGuid():N}", shared, $"kunci-{Guid.NewGuid():N}", shared, $"kunci-{Guid.NewGuid():N}" };
        var documents = keys.Select((key, i) => Document.Submit(tenant.Id, type, kadis,
            new DocumentFacts { Number = $"GC/{i}", Title = "Uji grup" }, new SigningInstructions { Level = "B-B" },
            null, key, $"hash-{i}", new string('0', 64), 100, DateTimeOffset.UtcNow)).ToList();

        // Everything is queued before the writer runs, so all five meet in the first transaction.
        var commits = new SubmissionCommits(app.Services.GetRequiredService<IServiceScopeFactory>(),
            app.Services.GetRequiredService<SigningService.Storage.IBlobStore>(), NullLogger<SubmissionCommits>.Instance);
        var pending = documents.Select(d => commits.CommitAsync(d, "test", new { }, null, CancellationToken.None)).ToList();
        await commits.StartAsync(CancellationToken.None);
        var outcomes = await Task.WhenAll(pending.Select(async t =>
        {
            try { await t; return null; }
            catch (DbUpdateException e) { return e; }
        }));
        await commits.StopAsync(CancellationToken.None);

        Assert.Null(outcomes[0]);
        Assert.Null(outcomes[1]);
        Assert.Null(outcomes[2]);
        Assert.NotNull(outcomes[3]);
        Assert.Null(outcomes[4]);
        var stored = await app.WithDb(db => db.Documents.Where(d => d.IssuingClientId == tenant.Id).Select(d => d.Id).ToListAsync());
        Assert.Equal(new[] { documents[0].Id, documents[1].Id, documents[2].Id, documents[4].Id }.Order(), stored.Order());
        var received = await app.WithDb(db => db.AuditEvents.CountAsync(e => e.Action == "document.received" && stored.Contains(e.DocumentId!.Value)));
        Assert.Equal(4, received);
        await app.WithDb(async db => Assert.True((await SigningService.Data.AuditChainCheck.VerifyAsync(db, CancellationToken.None)).Intact));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class GroupCommitTestsOnSqlite(SqliteApp app) : GroupCommitTests(app);

[Collection(PostgresCollection.Name)]
public sealed class GroupCommitTestsOnPostgres(PostgresApp app) : GroupCommitTests(app);
