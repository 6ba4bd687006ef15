using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SigningService.Domain;
using SigningService.Signing;

namespace SigningService.Tests;

/// <summary>
/// Submissions find API keys, document types and signatories through a short-lived cache; a change saved
/// in this process reaches them at once, and the worker never signs with a deactivated e-seal.
/// </summary>
public abstract class ReferenceDataCacheTests(ServiceApp app)
{
    [Fact]
    public async Task Deactivating_an_e_seal_or_revoking_a_client_through_the_admin_api_takes_effect_on_the_next_submission()
    {
        var (tenant, type, sealId) = await app.CreateOpdWithBrokenESealAsync("cache" + Guid.NewGuid().ToString("N")[..6]);
        await app.RepairESealAsync(sealId);
        using var client = app.Client(tenant.ApiKey);
        var first = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata(type));
        Assert.Equal("signed", (await Api.WaitForStatusAsync(client, first.Id, "signed")).Status);

        using var admin = await Inbox.LoginAsync(app, "admin");
        using (var off = await admin.PutAsJsonAsync($"/api/v1/admin/signatories/{sealId}", new { active = false }, Api.Json))
            Assert.Equal(HttpStatusCode.NoContent, off.StatusCode);
        using (var refused = await Api.SubmitAsync(client, Sample.Permit, Sample.Metadata(type)))
            await Api.ExpectProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "signer-unknown");

        using (var revoked = await admin.PostAsync($"/api/v1/admin/issuing-clients/{tenant.Id}/revoke", null))
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        using var afterRevocation = await client.GetAsync($"/api/v1/documents/{first.Id}");
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevocation.StatusCode);
    }

    [Fact]
    public async Task The_worker_refuses_an_e_seal_deactivated_after_the_document_was_accepted_and_says_so()
    {
        var (tenant, type, sealId) = await app.CreateOpdWithBrokenESealAsync("nonaktif" + Guid.NewGuid().ToString("N")[..6]);
        await app.RepairESealAsync(sealId);
        var (documentType, seal, opd) = await app.WithDb(async db =>
        {
            var t = await db.DocumentTypes.AsNoTracking().SingleAsync(x => x.Code == type);
            return (t, await db.Signatories.AsNoTracking().SingleAsync(s => s.Id == sealId), await db.Opds.AsNoTracking().SingleAsync(o => o.Id == t.OpdId));
        });
        var document = Document.Submit(tenant.Id, documentType, seal, new DocumentFacts { Number = "NA/1", Title = "Uji nonaktif" },
            new SigningInstructions { Level = "B-B", Invisible = true }, null, null, "hash", new string('0', 64), 100, DateTimeOffset.UtcNow);
        seal.Active = false; // as another instance's admin left it, seen fresh by the worker's batch

        var context = new ESealSigning.BatchContext(
            new Dictionary<Guid, Signatory> { [seal.Id] = seal }, new Dictionary<Guid, DocumentType> { [documentType.Id] = documentType },
            new Dictionary<Guid, Opd> { [opd.Id] = opd });
        var result = await app.Services.GetRequiredService<ESealSigning>().SignAsync(document, context, CancellationToken.None);

        Assert.Null(result.Outcome);
        Assert.Equal("signer-inactive", result.ErrorCode);
        Assert.Contains(seal.Name, result.ErrorMessage, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ReferenceDataCacheTestsOnSqlite(SqliteApp app) : ReferenceDataCacheTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ReferenceDataCacheTestsOnPostgres(PostgresApp app) : ReferenceDataCacheTests(app);
