using Microsoft.EntityFrameworkCore;
using SigningService.Domain;

namespace SigningService.Tests;

/// <summary>The hash-chained audit trail, read back from the database the service wrote it to.</summary>
public abstract class AuditTests(ServiceApp app)
{
    [Fact]
    public async Task After_a_submission_its_signing_and_its_revocation_the_audit_chain_verifies_with_no_break()
    {
        using var client = app.Client();
        var document = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata());
        await Api.WaitForStatusAsync(client, document.Id, "signed");
        using (var revoke = await Api.RevokeAsync(client, document.Id, "Data pemohon keliru"))
            Assert.True(revoke.IsSuccessStatusCode);
        await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata(Sample.KadisType));

        var rows = await ChainAsync();
        var broken = AuditChain.Verify(rows, out var checkedRows);

        Assert.Null(broken);
        Assert.Equal(rows.Count, checkedRows);
        Assert.Equal("seed.created", rows[0].Action);
        Assert.Equal(["document.received", "key.used", "document.signed", "document.revoked"],
            rows.Where(r => r.DocumentId == document.Id).Select(r => r.Action));
        var head = await app.WithDb(db => db.AuditHeads.AsNoTracking().SingleAsync());
        Assert.True(head.Sequence >= rows[^1].Sequence);
    }

    [Fact]
    public async Task Editing_one_rows_details_with_sql_makes_the_chain_verification_name_that_rows_sequence()
    {
        using var client = app.Client();
        var document = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata(Sample.KadisType));
        var target = (await ChainAsync()).Single(r => r.DocumentId == document.Id && r.Action == "document.received");
        var tampered = target.Details.Replace(document.Number, "503/999/PALSU/2026", StringComparison.Ordinal);
        Assert.NotEqual(target.Details, tampered);

        try
        {
            await SetDetailsAsync(target.Sequence, tampered);
            var broken = AuditChain.Verify(await ChainAsync(), out _);
            Assert.NotNull(broken);
            Assert.Equal(target.Sequence, broken.Sequence);
            Assert.Contains("changed", broken.Problem, StringComparison.Ordinal);
        }
        finally
        {
            // The app is shared by the provider's test classes: put the row back.
            await SetDetailsAsync(target.Sequence, target.Details);
        }
        Assert.Null(AuditChain.Verify(await ChainAsync(), out _));
    }

    [Fact]
    public async Task Parallel_submissions_while_the_worker_signs_all_succeed_and_the_chain_stays_intact()
    {
        using var client = app.Client();
        // Every submission and every signature appends to the one chain at the same time.
        var submitted = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata(i % 3 == 0 ? Sample.KadisType : Sample.ESealType))));
        foreach (var document in submitted.Where(d => d.DocumentType == Sample.ESealType))
        {
            await Api.WaitForStatusAsync(client, document.Id, "signed");
        }

        var rows = await ChainAsync();
        Assert.Null(AuditChain.Verify(rows, out _));
        Assert.All(submitted, d => Assert.Single(rows, r => r.DocumentId == d.Id && r.Action == "document.received"));
        Assert.Equal(rows.Count, rows.Select(r => r.Sequence).Distinct().Count());
    }

    private Task<List<AuditEvent>> ChainAsync() =>
        app.WithDb(db => db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());

    private Task SetDetailsAsync(long sequence, string details) => app.WithDb(async db =>
    {
        var changed = await db.Database.ExecuteSqlAsync($"UPDATE \"AuditEvents\" SET \"Details\" = {details} WHERE \"Sequence\" = {sequence}");
        Assert.Equal(1, changed);
    });
}

[Collection(SqliteCollection.Name)]
public sealed class AuditTestsOnSqlite(SqliteApp app) : AuditTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AuditTestsOnPostgres(PostgresApp app) : AuditTests(app);
