using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SigningService.Domain;
using SigningService.Storage;

namespace SigningService.Tests;

/// <summary>
/// An e-seal document accepted by a process that runs the worker is stored already claimed for that
/// worker; one whose process died before signing it is taken by the next worker once its lease runs out.
/// </summary>
public abstract class ClaimAtAcceptanceTests(ServiceApp app)
{
    [Fact]
    public async Task An_eseal_document_is_accepted_already_claimed_and_signed_in_that_first_attempt()
    {
        using var client = app.Client();
        // Submissions never open a key themselves: right after a start the worker may not have it open
        // yet, and such a document is accepted queued and claimed by the worker. Then, as in steady state:
        await Api.WaitForStatusAsync(client, (await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata())).Id, "signed");
        var created = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata());
        Assert.Equal(("signing", 1), (created.Status, created.Attempts));

        var signed = await Api.WaitForStatusAsync(client, created.Id, "signed");
        Assert.Equal(1, signed.Attempts);
        var history = await app.WithDb(db => db.Documents.AsNoTracking().Include(d => d.History).SingleAsync(d => d.Id == created.Id));
        Assert.Equal(
            [(null, DocumentStatus.Queued, "received"), (DocumentStatus.Queued, DocumentStatus.Signing, "attempt 1"), (DocumentStatus.Signing, DocumentStatus.Signed, null)],
            history.History.OrderBy(h => h.At).ThenBy(h => h.To == DocumentStatus.Queued ? 0 : 1).Select(h => (h.From, h.To, h.Note)));
    }

    [Fact]
    public async Task A_document_claimed_by_a_process_that_died_is_left_alone_until_its_lease_runs_out_then_signed_once()
    {
        var tenant = await app.CreateIssuingClientAsync("lease" + Guid.NewGuid().ToString("N")[..6]);
        var (type, seal) = await app.WithDb(async db =>
        {
            var t = await db.DocumentTypes.AsNoTracking().SingleAsync(x => x.Code == Sample.ESealType);
            return (t, await db.Signatories.AsNoTracking().SingleAsync(s => s.Id == t.DefaultSignatoryId));
        });
        var now = DateTimeOffset.UtcNow;
        var document = Document.Submit(tenant.Id, type, seal, new DocumentFacts { Number = "LEASE/1", Title = "Uji lease" },
            new SigningInstructions { Level = "B-B" }, null, null, "hash",
            Convert.ToHexStringLower(SHA256.HashData(Sample.Permit)), Sample.Permit.Length, now);
        document.Claim(now, TimeSpan.FromSeconds(3)); // accepted by a process that died before its worker took it
        await app.Services.GetRequiredService<IBlobStore>().WriteAsync(BlobKeys.Original(document.Id), new MemoryStream(Sample.Permit), CancellationToken.None);
        await app.WithDb(db =>
        {
            db.Documents.Add(document);
            return db.SaveChangesAsync();
        });

        using var client = app.Client(tenant.ApiKey);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var waiting = await Api.GetAsync(client, document.Id);
        Assert.Equal(("signing", 1), (waiting.Status, waiting.Attempts));

        var signed = await Api.WaitForStatusAsync(client, document.Id, "signed");
        Assert.Equal(2, signed.Attempts);
        SignedPdf.AssertValid(Sample.Permit, await Api.DownloadAsync(client, document.Id, "signed"), signed.SignedSha256!, signed.VerifyUrl);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ClaimAtAcceptanceTestsOnSqlite(SqliteApp app) : ClaimAtAcceptanceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ClaimAtAcceptanceTestsOnPostgres(PostgresApp app) : ClaimAtAcceptanceTests(app);
