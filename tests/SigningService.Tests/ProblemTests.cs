using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SigningService.Api;

namespace SigningService.Tests;

/// <summary>
/// Every problem code, each with a real bad input behind it: the answer is application/problem+json with
/// the code, never a 500, never a stack trace, and nothing is stored.
/// </summary>
public abstract class ProblemTests(ServiceApp app)
{
    public static TheoryData<string, string> BadPdfs() => new()
    {
        { "encrypted-forensics-peanuts.pdf", "pdf-encrypted" },
        { "damaged-xref-clamav.pdf", "pdf-malformed" },
        { "truncated-afl-small.pdf", "pdf-malformed" },
    };

    [Theory]
    [MemberData(nameof(BadPdfs))]
    public async Task A_bad_real_world_pdf_is_refused_with_422_naming_what_is_wrong_and_nothing_is_stored(string file, string code)
    {
        var tenant = await app.CreateIssuingClientAsync("Aplikasi " + file);
        using var client = app.Client(tenant.ApiKey);
        using var response = await Api.SubmitAsync(client, Sample.Bad(file), Sample.Metadata());
        await Api.ExpectProblemAsync(response, HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal(0, (await SubmissionTests.ListAsync(client, "")).Total);
    }

    [Fact]
    public async Task A_text_file_sent_as_the_pdf_is_refused_as_pdf_not_a_pdf()
    {
        using var client = app.Client();
        var text = Encoding.UTF8.GetBytes("Surat Keterangan Usaha\nNomor: 503/123/DPMPTSP/2026\nBukan PDF.\n");
        using var response = await Api.SubmitAsync(client, text, Sample.Metadata(), fileName: "surat.txt");
        await Api.ExpectProblemAsync(response, HttpStatusCode.UnprocessableEntity, "pdf-not-a-pdf");
    }

    [Fact]
    public async Task A_real_pdf_cut_in_half_is_refused_as_pdf_malformed()
    {
        using var client = app.Client();
        var whole = File.ReadAllBytes(TestSupport.RepoPaths.RealWorld("forensics-a-text.pdf"));
        using var response = await Api.SubmitAsync(client, whole[..(whole.Length / 2)], Sample.Metadata());
        await Api.ExpectProblemAsync(response, HttpStatusCode.UnprocessableEntity, "pdf-malformed");
    }

    [Fact]
    public async Task An_anchor_text_the_pdf_does_not_contain_is_refused_as_anchor_not_found()
    {
        using var client = app.Client();
        var metadata = Sample.Metadata() with { Placement = new PlacementRequest { Anchor = "${ttd_sekda}" } };
        using var response = await Api.SubmitAsync(client, Sample.Permit, metadata);
        await Api.ExpectProblemAsync(response, HttpStatusCode.UnprocessableEntity, "anchor-not-found");
    }

    [Fact]
    public async Task A_stamp_on_page_5_of_a_one_page_pdf_is_refused_as_pdf_page_out_of_range()
    {
        using var client = app.Client();
        var metadata = Sample.Metadata() with { Placement = new PlacementRequest { Page = 5, X = 60, Y = 60, Width = 180, Height = 70 } };
        using var response = await Api.SubmitAsync(client, Sample.Permit, metadata);
        await Api.ExpectProblemAsync(response, HttpStatusCode.UnprocessableEntity, "pdf-page-out-of-range");
    }

    [Fact]
    public async Task A_signer_nip_nobody_in_the_opd_has_is_refused_as_signer_unknown()
    {
        using var client = app.Client();
        var metadata = Sample.Metadata(Sample.KadisType) with { Signer = "197001011995031999" };
        using var response = await Api.SubmitAsync(client, Sample.Permit, metadata);
        await Api.ExpectProblemAsync(response, HttpStatusCode.UnprocessableEntity, "signer-unknown");
    }

    [Fact]
    public async Task A_document_type_that_does_not_exist_or_belongs_to_another_opd_is_refused_as_document_type_unknown()
    {
        using var client = app.Client();
        using var missing = await Api.SubmitAsync(client, Sample.Permit, Sample.Metadata("izin-reklame"));
        await Api.ExpectProblemAsync(missing, HttpStatusCode.UnprocessableEntity, "document-type-unknown");

        var (_, otherOpdType, _) = await app.CreateOpdWithBrokenESealAsync("lain" + Guid.NewGuid().ToString("N")[..6]);
        using var foreign = await Api.SubmitAsync(client, Sample.Permit, Sample.Metadata(otherOpdType));
        await Api.ExpectProblemAsync(foreign, HttpStatusCode.UnprocessableEntity, "document-type-unknown");
    }

    public static TheoryData<string, string?> InvalidMetadata() => new()
    {
        { "not JSON", "{\"documentType\": \"demo-eseal\", " },
        { "missing part", null },
        { "JSON null", "null" },
        { "no document type", "{\"number\":\"1\",\"title\":\"Surat\"}" },
        { "no number", "{\"documentType\":\"demo-eseal\",\"title\":\"Surat\"}" },
        { "no title", "{\"documentType\":\"demo-eseal\",\"number\":\"1\"}" },
        { "NIK of 5 digits", "{\"documentType\":\"demo-eseal\",\"number\":\"1\",\"title\":\"S\",\"holderNik\":\"35730\"}" },
        { "expiry before issue", "{\"documentType\":\"demo-eseal\",\"number\":\"1\",\"title\":\"S\",\"issueDate\":\"2026-05-01\",\"expiryDate\":\"2026-04-30\"}" },
        { "level B-X", "{\"documentType\":\"demo-eseal\",\"number\":\"1\",\"title\":\"S\",\"level\":\"B-X\"}" },
        { "ftp callback", "{\"documentType\":\"demo-eseal\",\"number\":\"1\",\"title\":\"S\",\"callbackUrl\":\"ftp://example.org/x\"}" },
        { "half a rectangle", "{\"documentType\":\"demo-eseal\",\"number\":\"1\",\"title\":\"S\",\"placement\":{\"x\":10,\"y\":10}}" },
        { "page 0", "{\"documentType\":\"demo-eseal\",\"number\":\"1\",\"title\":\"S\",\"placement\":{\"page\":0,\"x\":10,\"y\":10,\"width\":100,\"height\":50}}" },
        { "date not a date", "{\"documentType\":\"demo-eseal\",\"number\":\"1\",\"title\":\"S\",\"issueDate\":\"kemarin\"}" },
    };

    [Theory]
    [MemberData(nameof(InvalidMetadata))]
    public async Task Metadata_that_is_missing_or_invalid_is_refused_as_metadata_invalid(string why, string? metadata)
    {
        using var client = app.Client();
        using var response = await Api.SubmitRawAsync(client, Sample.Permit, metadata);
        var problem = await Api.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "metadata-invalid");
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()), why);
    }

    [Fact]
    public async Task A_submission_without_a_file_or_with_an_empty_one_is_refused_as_file_missing()
    {
        using var client = app.Client();
        using var none = await Api.SubmitAsync(client, null, Sample.Metadata());
        await Api.ExpectProblemAsync(none, HttpStatusCode.BadRequest, "file-missing");
        using var empty = await Api.SubmitAsync(client, [], Sample.Metadata());
        await Api.ExpectProblemAsync(empty, HttpStatusCode.BadRequest, "file-missing");
    }

    [Fact]
    public async Task A_submission_that_is_not_multipart_is_refused_with_415_as_a_problem()
    {
        // The endpoint declares multipart/form-data (Accepts), so routing refuses other bodies before the
        // handler runs: a framework problem, which has no 'code' extension.
        using var client = app.Client();
        using var content = new ByteArrayContent(Sample.Permit);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var response = await client.PostAsync("/api/v1/documents", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Api.AssertNoLeak(response, body);
    }

    public static TheoryData<string, string> Endpoints() => new()
    {
        { "GET", "/api/v1/documents" },
        { "GET", "/api/v1/documents/0195f1a2-0000-7000-8000-000000000001" },
        { "GET", "/api/v1/documents/0195f1a2-0000-7000-8000-000000000001/file?variant=original" },
        { "POST", "/api/v1/documents" },
        { "POST", "/api/v1/documents/0195f1a2-0000-7000-8000-000000000001/revoke" },
        { "POST", "/api/v1/documents/0195f1a2-0000-7000-8000-000000000001/retry" },
        { "GET", "/api/v1/webhooks" },
        { "POST", "/api/v1/webhooks/0195f1a2-0000-7000-8000-000000000001/replay" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_answers_401_unauthorized_without_a_key_with_a_wrong_key_or_another_scheme(string method, string path)
    {
        foreach (var authorization in new string?[] { null, "Bearer sk_not-a-key-anyone-has", "Bearer ", "Basic ZGV2OmRldg==" })
        {
            using var client = app.Client(apiKey: null);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }
            if (path == "/api/v1/documents" && method == "POST")
            {
                request.Content = new MultipartFormDataContent
                {
                    { new ByteArrayContent(Sample.Permit), "file", "permit.pdf" },
                    { new StringContent(System.Text.Json.JsonSerializer.Serialize(Sample.Metadata(), Api.Json)), "metadata" },
                };
            }
            else if (method == "POST")
            {
                request.Content = new StringContent("{\"reason\":\"x\"}", Encoding.UTF8, "application/json");
            }
            using var response = await client.SendAsync(request);
            await Api.ExpectProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        }
    }

    [Fact]
    public async Task A_document_id_that_does_not_exist_is_404_not_found_and_an_unknown_variant_400()
    {
        using var client = app.Client();
        var id = Guid.CreateVersion7();
        using var get = await client.GetAsync($"/api/v1/documents/{id}");
        await Api.ExpectProblemAsync(get, HttpStatusCode.NotFound, "not-found");
        using var file = await client.GetAsync($"/api/v1/documents/{id}/file");
        await Api.ExpectProblemAsync(file, HttpStatusCode.NotFound, "not-found");

        var document = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata(Sample.KadisType));
        using var variant = await client.GetAsync($"/api/v1/documents/{document.Id}/file?variant=draft");
        await Api.ExpectProblemAsync(variant, HttpStatusCode.BadRequest, "invalid-request");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ProblemTestsOnSqlite(SqliteApp app) : ProblemTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ProblemTestsOnPostgres(PostgresApp app) : ProblemTests(app);
