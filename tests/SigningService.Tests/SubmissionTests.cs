using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using SigningService.Api;
using TestSupport;

namespace SigningService.Tests;

/// <summary>Submitting documents: e-seal signing by the worker, idempotency, the upload limit, approval, the list.</summary>
public abstract class SubmissionTests(ServiceApp app)
{
    [Fact]
    public async Task An_eseal_submission_answers_201_signing_and_the_worker_signs_it_within_seconds_into_a_pdf_independent_tools_accept()
    {
        using var client = app.Client();
        var pdf = Sample.Permit;
        var watch = Stopwatch.StartNew();
        using var response = await Api.SubmitAsync(client, pdf, Sample.Metadata());
        var created = await Api.ExpectDocumentAsync(response, HttpStatusCode.Created);

        Assert.Equal("signing", created.Status); // already claimed for this process's worker
        Assert.Equal($"/api/v1/documents/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Matches("^http://localhost:5080/v/[A-Z2-7]{26}$", created.VerifyUrl);
        Assert.Matches("^[A-Z2-9]{3}-[A-Z2-9]{3}-[A-Z2-9]{4}$", created.TrackingCode);
        Assert.Equal(Sample.ESealType, created.DocumentType);
        Assert.Equal("B-B", created.Level);
        Assert.Null(created.Links.Signed);

        var signed = await Api.WaitForStatusAsync(client, created.Id, "signed", TimeSpan.FromSeconds(30));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"signing took {watch.Elapsed}");
        Assert.Equal(created.VerifyUrl, signed.VerifyUrl);
        Assert.Equal(created.TrackingCode, signed.TrackingCode);
        Assert.NotNull(signed.SignedAt);
        Assert.Equal("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", signed.SignedBy);
        Assert.Null(signed.LastError);
        Assert.NotNull(signed.Links.Signed);

        Assert.Equal(pdf, await Api.DownloadAsync(client, created.Id, "original"));
        var signedPdf = await Api.DownloadAsync(client, created.Id, "signed");
        SignedPdf.AssertValid(pdf, signedPdf, signed.SignedSha256!, signed.VerifyUrl);
    }

    [Fact]
    public async Task Resubmitting_with_the_same_idempotency_key_and_body_returns_the_same_document_with_200_and_creates_no_second_one()
    {
        var tenant = await app.CreateIssuingClientAsync("Aplikasi idempoten");
        using var client = app.Client(tenant.ApiKey);
        var key = "perizinan-" + Guid.NewGuid().ToString("N");
        var metadata = Sample.Metadata();

        var first = await Api.SubmitCreatedAsync(client, Sample.Permit, metadata, key);
        using var again = await Api.SubmitAsync(client, Sample.Permit, metadata, key);
        var second = await Api.ExpectDocumentAsync(again, HttpStatusCode.OK);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.TrackingCode, second.TrackingCode);
        Assert.Equal(first.VerifyUrl, second.VerifyUrl);
        Assert.Equal(1, (await ListAsync(client, "")).Total);
    }

    [Fact]
    public async Task A_burst_committed_together_where_one_key_arrives_four_times_stores_every_other_document_and_that_one_once()
    {
        // Submissions that arrive together share one commit; the duplicated key must fail only itself,
        // not the other documents of its group.
        var tenant = await app.CreateIssuingClientAsync("Aplikasi serentak");
        using var client = app.Client(tenant.ApiKey);
        var shared = "perizinan-" + Guid.NewGuid().ToString("N");
        var metadata = Sample.Metadata();
        var pdf = Sample.Permit;
        var keys = Enumerable.Range(0, 12).Select(i => i % 3 == 0 ? shared : $"perizinan-{Guid.NewGuid():N}").ToList();

        var answers = await Task.WhenAll(keys.Select(async key =>
        {
            using var response = await Api.SubmitAsync(client, pdf, metadata, key);
            return (key, response.StatusCode, Document: await Api.ExpectDocumentAsync(response, response.StatusCode));
        }));

        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        var forShared = answers.Where(a => a.key == shared).ToList();
        Assert.Single(forShared, a => a.StatusCode == HttpStatusCode.Created);
        Assert.Single(forShared.Select(a => a.Document.Id).Distinct());
        Assert.All(answers.Where(a => a.key != shared), a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Equal(9, (await ListAsync(client, "")).Total);
    }

    [Fact]
    public async Task The_same_idempotency_key_with_a_different_body_is_a_409_idempotency_conflict_naming_the_first_document()
    {
        var tenant = await app.CreateIssuingClientAsync("Aplikasi konflik");
        using var client = app.Client(tenant.ApiKey);
        var key = "perizinan-" + Guid.NewGuid().ToString("N");
        var metadata = Sample.Metadata();
        var first = await Api.SubmitCreatedAsync(client, Sample.Permit, metadata, key);

        using var otherNumber = await Api.SubmitAsync(client, Sample.Permit, metadata with { Number = metadata.Number + "-B" }, key);
        var problem = await Api.ExpectProblemAsync(otherNumber, HttpStatusCode.Conflict, "idempotency-conflict");
        Assert.Contains(first.Id.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var otherPdf = SyntheticPdf.Page(595.28, 841.89, lines: [(72, 700, "Surat lain"), (72, 200, Sample.Anchor)]);
        using var otherFile = await Api.SubmitAsync(client, otherPdf, metadata, key);
        await Api.ExpectProblemAsync(otherFile, HttpStatusCode.Conflict, "idempotency-conflict");

        Assert.Equal(1, (await ListAsync(client, "")).Total);
    }

    [Fact]
    public async Task An_upload_above_Api_MaxUploadBytes_is_refused_with_413_file_too_large_and_nothing_is_stored()
    {
        var tenant = await app.CreateIssuingClientAsync("Aplikasi besar");
        using var client = app.Client(tenant.ApiKey);
        var large = File.ReadAllBytes(RepoPaths.RealWorld("r-faq.pdf"));
        Assert.True(large.Length > ServiceApp.MaxUploadBytes);

        using var response = await Api.SubmitAsync(client, large, Sample.Metadata());
        await Api.ExpectProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "file-too-large");

        // Far above the limit the multipart reader itself gives up: still a 413, not a 500.
        using var huge = await Api.SubmitAsync(client, new byte[3 * 1024 * 1024], Sample.Metadata());
        await Api.ExpectProblemAsync(huge, HttpStatusCode.RequestEntityTooLarge, "file-too-large");

        Assert.Equal(0, (await ListAsync(client, "")).Total);
    }

    [Fact]
    public async Task A_demo_kadis_document_waits_as_pending_approval_and_the_worker_does_not_sign_it()
    {
        using var client = app.Client();
        var kadis = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata(Sample.KadisType));
        Assert.Equal("pending_approval", kadis.Status);
        Assert.Equal("B-LTA", kadis.Level);

        // The worker is busy meanwhile: an e-seal document submitted after it is signed, it is not.
        var seal = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata());
        await Api.WaitForStatusAsync(client, seal.Id, "signed");
        await Task.Delay(TimeSpan.FromSeconds(1));

        var still = await Api.GetAsync(client, kadis.Id);
        Assert.Equal("pending_approval", still.Status);
        Assert.Equal(0, still.Attempts);
        Assert.Null(still.SignedSha256);
        Assert.Null(still.Links.Signed);
        using var signedFile = await client.GetAsync($"/api/v1/documents/{kadis.Id}/file?variant=signed");
        await Api.ExpectProblemAsync(signedFile, HttpStatusCode.Conflict, "not-signed-yet");
    }

    [Fact]
    public async Task The_list_holds_only_the_clients_own_documents_filtered_by_status_and_time_and_paged_newest_first()
    {
        var tenant = await app.CreateIssuingClientAsync("Aplikasi daftar");
        using var client = app.Client(tenant.ApiKey);
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        var pending = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            pending.Add((await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata(Sample.KadisType))).Id);
        }
        var sealed1 = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata());
        var sealed2 = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata());
        await Api.WaitForStatusAsync(client, sealed1.Id, "signed");
        await Api.WaitForStatusAsync(client, sealed2.Id, "signed");

        var page1 = await ListAsync(client, "status=pending_approval&pageSize=2&page=1");
        Assert.Equal(3, page1.Total);
        Assert.Equal([pending[2], pending[1]], page1.Items.Select(d => d.Id));
        var page2 = await ListAsync(client, "status=pending_approval&pageSize=2&page=2");
        Assert.Equal([pending[0]], page2.Items.Select(d => d.Id));
        Assert.Equal((2, 2), (page2.Page, page2.PageSize));

        var signed = await ListAsync(client, "status=signed");
        Assert.Equal(new[] { sealed1.Id, sealed2.Id }.Order(), signed.Items.Select(d => d.Id).Order());
        Assert.All(signed.Items, d => Assert.Equal("signed", d.Status));
        Assert.Equal(5, (await ListAsync(client, "")).Total);
        Assert.Equal(0, (await ListAsync(client, "status=revoked")).Total);

        // Times in WIB (+07:00), as an Indonesian client sends them.
        var wib = TimeSpan.FromHours(7);
        Assert.Equal(5, (await ListAsync(client, $"from={Q(before.ToOffset(wib))}&to={Q(DateTimeOffset.UtcNow.AddMinutes(1).ToOffset(wib))}")).Total);
        Assert.Equal(0, (await ListAsync(client, $"from={Q(DateTimeOffset.UtcNow.AddHours(1).ToOffset(wib))}")).Total);
        Assert.Equal(0, (await ListAsync(client, $"to={Q(before)}")).Total);

        // The dev client's documents are not in this client's list, nor this client's in the dev client's.
        using var dev = app.Client();
        var devList = await ListAsync(dev, "pageSize=200");
        Assert.DoesNotContain(devList.Items, d => pending.Contains(d.Id) || d.Id == sealed1.Id);

        foreach (var bad in new[] { "status=unknown", "page=0", "pageSize=0", "pageSize=100000" })
        {
            using var response = await client.GetAsync("/api/v1/documents?" + bad);
            await Api.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        }
    }

    internal static async Task<DocumentPage> ListAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/v1/documents?" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"list?{query}: {(int)response.StatusCode} {body}");
        return (await response.Content.ReadFromJsonAsync<DocumentPage>(Api.Json))!;
    }

    private static string Q(DateTimeOffset value) => Uri.EscapeDataString(value.ToString("O"));
}

[Collection(SqliteCollection.Name)]
public sealed class SubmissionTestsOnSqlite(SqliteApp app) : SubmissionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SubmissionTestsOnPostgres(PostgresApp app) : SubmissionTests(app);
