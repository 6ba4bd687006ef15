using System.Net;
using System.Text;

namespace SigningService.Tests;

/// <summary>A client sees only its own documents; revocation of signed documents, and only of those.</summary>
public abstract class AccessAndRevocationTests(ServiceApp app)
{
    [Fact]
    public async Task Another_clients_document_is_404_on_get_file_revoke_and_retry_and_is_not_in_its_list()
    {
        using var owner = app.Client();
        var document = await Api.SubmitCreatedAsync(owner, Sample.Permit, Sample.Metadata());
        await Api.WaitForStatusAsync(owner, document.Id, "signed");
        var other = await app.CreateIssuingClientAsync("Aplikasi lain, OPD yang sama");
        using var stranger = app.Client(other.ApiKey);

        using (var get = await stranger.GetAsync($"/api/v1/documents/{document.Id}"))
            await Api.ExpectProblemAsync(get, HttpStatusCode.NotFound, "not-found");
        foreach (var variant in new[] { "original", "signed" })
        {
            using var file = await stranger.GetAsync($"/api/v1/documents/{document.Id}/file?variant={variant}");
            await Api.ExpectProblemAsync(file, HttpStatusCode.NotFound, "not-found");
        }
        using (var revoke = await Api.RevokeAsync(stranger, document.Id, "Dicabut oleh aplikasi lain"))
            await Api.ExpectProblemAsync(revoke, HttpStatusCode.NotFound, "not-found");
        using (var retry = await stranger.PostAsync($"/api/v1/documents/{document.Id}/retry", null))
            await Api.ExpectProblemAsync(retry, HttpStatusCode.NotFound, "not-found");
        Assert.Equal(0, (await SubmissionTests.ListAsync(stranger, "")).Total);

        var untouched = await Api.GetAsync(owner, document.Id);
        Assert.Equal("signed", untouched.Status);
        Assert.Null(untouched.RevokedAt);
    }

    [Fact]
    public async Task The_same_idempotency_key_from_another_client_makes_that_clients_own_document()
    {
        var first = await app.CreateIssuingClientAsync("Aplikasi A");
        var second = await app.CreateIssuingClientAsync("Aplikasi B");
        using var a = app.Client(first.ApiKey);
        using var b = app.Client(second.ApiKey);
        var metadata = Sample.Metadata(Sample.KadisType);
        const string key = "permohonan-42";

        var ofA = await Api.SubmitCreatedAsync(a, Sample.Permit, metadata, key);
        var ofB = await Api.SubmitCreatedAsync(b, Sample.Permit, metadata, key);

        Assert.NotEqual(ofA.Id, ofB.Id);
        Assert.NotEqual(ofA.VerifyUrl, ofB.VerifyUrl);
        Assert.Equal(1, (await SubmissionTests.ListAsync(a, "")).Total);
        Assert.Equal(1, (await SubmissionTests.ListAsync(b, "")).Total);
    }

    [Fact]
    public async Task Revoking_a_signed_document_makes_it_revoked_with_the_reason_and_a_second_revocation_is_409_invalid_state()
    {
        using var client = app.Client();
        var document = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata());
        var signed = await Api.WaitForStatusAsync(client, document.Id, "signed");
        const string reason = "Izin dicabut: usaha tidak lagi beroperasi (SK Kepala Dinas No. 12/2026)";

        using var response = await Api.RevokeAsync(client, document.Id, "  " + reason + " ");
        var revoked = await Api.ExpectDocumentAsync(response, HttpStatusCode.OK);
        Assert.Equal("revoked", revoked.Status);
        Assert.Equal(reason, revoked.RevocationReason);
        Assert.NotNull(revoked.RevokedAt);

        var reread = await Api.GetAsync(client, document.Id);
        Assert.Equal("revoked", reread.Status);
        Assert.Equal(reason, reread.RevocationReason);
        Assert.Equal(signed.SignedSha256, reread.SignedSha256);
        Assert.NotNull(reread.Links.Signed); // the signed PDF stays available to its client

        using var again = await Api.RevokeAsync(client, document.Id, "sekali lagi");
        await Api.ExpectProblemAsync(again, HttpStatusCode.Conflict, "invalid-state");
        Assert.Equal(reason, (await Api.GetAsync(client, document.Id)).RevocationReason);
    }

    [Fact]
    public async Task Revoking_a_document_still_pending_approval_is_409_invalid_state_and_leaves_it_pending()
    {
        using var client = app.Client();
        var document = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata(Sample.KadisType));

        using var response = await Api.RevokeAsync(client, document.Id, "Permohonan dibatalkan");
        await Api.ExpectProblemAsync(response, HttpStatusCode.Conflict, "invalid-state");

        var after = await Api.GetAsync(client, document.Id);
        Assert.Equal("pending_approval", after.Status);
        Assert.Null(after.RevocationReason);
    }

    [Fact]
    public async Task Revoking_without_a_reason_is_400_and_the_document_stays_signed()
    {
        using var client = app.Client();
        var document = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata());
        await Api.WaitForStatusAsync(client, document.Id, "signed");

        foreach (var reason in new[] { null, "", "   ", new string('x', 1001) })
        {
            using var response = await Api.RevokeAsync(client, document.Id, reason);
            await Api.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        }
        // An empty body, a JSON null or an object without 'reason' is the same mistake: 400 invalid-request.
        foreach (var body in new[] { "", "null", "{}", "{\"alasan\":\"x\"}" })
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync($"/api/v1/documents/{document.Id}/revoke", content);
            await Api.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        }

        Assert.Equal("signed", (await Api.GetAsync(client, document.Id)).Status);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AccessAndRevocationTestsOnSqlite(SqliteApp app) : AccessAndRevocationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AccessAndRevocationTestsOnPostgres(PostgresApp app) : AccessAndRevocationTests(app);
