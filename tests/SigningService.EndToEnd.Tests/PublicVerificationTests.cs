using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using TestSupport;

namespace SigningService.EndToEnd.Tests;

/// <summary>One running service (its own process, SoftHSM e-seal, dev root trusted) for the verification tests.</summary>
public sealed class RunningService : IAsyncLifetime
{
    private readonly TempDir _data = new();

    public ServiceProcess Process { get; private set; } = null!;

    public string DataFolder => _data.Path;
    public ServiceClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Process = await ServiceProcess.StartAsync(_data.Path, ServiceProcess.FreePort());
        Client = new ServiceClient(Process.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync();
        _data.Dispose();
    }
}

/// <summary>Issue 6: the QR landing page in a real browser, and the upload-and-validate report.</summary>
public sealed class PublicVerificationTests(RunningService service) : IClassFixture<RunningService>
{
    private static readonly byte[] Permit = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "tests", "fixtures", "samples", "permit-a4.pdf"));

    [Fact]
    public async Task The_QR_of_a_signed_permit_opens_a_valid_page_in_chromium_and_it_says_revoked_after_revocation()
    {
        var (id, verifyUrl, signedPdf) = await IssueAsync("503/777/QR/2026");
        using var dir = new TempDir();
        var path = dir.File("signed.pdf");
        await File.WriteAllBytesAsync(path, signedPdf);
        var decoded = IndependentValidators.DecodeQrCodes(path, 1, dpi: 200);
        Assert.Contains(verifyUrl, decoded);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        await page.GotoAsync(decoded.Single(u => u == verifyUrl));
        Assert.Equal("valid", await page.GetAttributeAsync("section.status", "data-status"));
        var text = await page.InnerTextAsync("main");
        Assert.Contains("SAH", text, StringComparison.Ordinal);
        Assert.Contains("503/777/QR/2026", text, StringComparison.Ordinal);
        Assert.Contains("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", text, StringComparison.Ordinal);
        Assert.Contains("Segel Elektronik", text, StringComparison.Ordinal);
        Assert.Contains("3573********0001", text, StringComparison.Ordinal);
        Assert.DoesNotContain("3573011234560001", text, StringComparison.Ordinal);

        using var revoke = await service.Client.Http.PostAsync($"/api/v1/documents/{id}/revoke",
            new StringContent("""{"reason":"Izin dicabut atas permintaan pemegang"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        await page.ReloadAsync();
        Assert.Equal("revoked", await page.GetAttributeAsync("section.status", "data-status"));
        Assert.Contains("Izin dicabut atas permintaan pemegang", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        await page.GotoAsync(service.Process.BaseUrl + "v/AAAAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal("notfound", await page.GetAttributeAsync("section.status", "data-status"));
    }

    [Fact]
    public async Task A_document_revoked_as_superseded_links_to_the_one_that_replaces_it()
    {
        var (oldId, oldUrl, _) = await IssueAsync("503/780/OLD/2026");
        var (newId, newUrl, _) = await IssueAsync("503/780/NEW/2026");
        using var revoke = await service.Client.Http.PostAsync($"/api/v1/documents/{oldId}/revoke",
            new StringContent($$"""{"reason":"Diganti karena perubahan alamat","supersededBy":"{{newId}}"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        using var anonymous = new HttpClient();
        var page = await anonymous.GetStringAsync(oldUrl);
        Assert.Contains("data-status=\"superseded\"", page, StringComparison.Ordinal);
        Assert.Contains("DIGANTI", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/v/{newUrl.Split("/v/")[1]}?lang=id\"", page, StringComparison.Ordinal);
        Assert.Contains("data-status=\"valid\"", await anonymous.GetStringAsync(newUrl), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tracking_page_shows_the_stages_with_times_and_no_personal_data()
    {
        var submitted = await service.Client.SubmitAsync(Permit, new
        {
            documentType = "demo-kadis", number = "503/781/TRK/2026", title = "Izin Usaha", holderName = "Siti Aminah",
            holderNik = "3573011234560001", placement = new { anchor = "${ttd_kadis}" },
        });
        var code = submitted.GetProperty("trackingCode").GetString()!;
        using var anonymous = new HttpClient { BaseAddress = service.Process.BaseUrl };
        var pending = await anonymous.GetStringAsync($"/t/{code}");
        Assert.Contains("Diterima", pending, StringComparison.Ordinal);
        Assert.Contains("menunggu persetujuan", pending, StringComparison.Ordinal);
        Assert.Contains("Target selesai", pending, StringComparison.Ordinal);
        Assert.Contains("Izin Usaha (TTE Kepala Dinas)", pending, StringComparison.Ordinal);
        foreach (var personal in new[] { "Siti Aminah", "3573", "503/781/TRK/2026" })
            Assert.DoesNotContain(personal, pending, StringComparison.Ordinal);
        Assert.DoesNotContain("/v/", pending, StringComparison.Ordinal);

        var (_, verifyUrl, _) = await IssueAsync("503/782/TRK/2026");
        var issuedCode = (await service.Client.Http.GetFromJsonAsync<JsonElement>("/api/v1/documents?status=signed&pageSize=200"))
            .GetProperty("items").EnumerateArray().Single(d => d.GetProperty("verifyUrl").GetString() == verifyUrl).GetProperty("trackingCode").GetString();
        var issued = await anonymous.GetStringAsync($"/t/{issuedCode!.ToLowerInvariant()}");
        Assert.Contains("data-done=\"true\"><strong>✓ Diterbitkan", issued, StringComparison.Ordinal);
        Assert.Contains($"href=\"/v/{verifyUrl.Split("/v/")[1]}?lang=id\"", issued, StringComparison.Ordinal);
        using var unknown = await anonymous.GetAsync("/t/AAA-AAA-AAAA");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_Verifier_runs_as_its_own_process_over_the_records_and_answers_the_QR_link_and_the_report()
    {
        var (_, verifyUrl, signedPdf) = await IssueAsync("503/783/VER/2026");
        using var roots = new TempDir();
        File.Copy(RepoPaths.DevRoot, roots.File("root-ca.pem"));
        await using var verifier = await ServiceProcess.StartVerifierAsync(service.DataFolder, roots.Path, ServiceProcess.FreePort());
        using var http = new HttpClient { BaseAddress = verifier.BaseUrl };

        var page = await http.GetStringAsync("/v/" + verifyUrl.Split("/v/")[1]);
        Assert.Contains("data-status=\"valid\"", page, StringComparison.Ordinal);
        Assert.Contains("503/783/VER/2026", page, StringComparison.Ordinal);
        Assert.DoesNotContain("MODE PENGEMBANGAN", page, StringComparison.Ordinal);

        using var form = new MultipartFormDataContent { { new ByteArrayContent(signedPdf), "file", "signed.pdf" } };
        using var report = await http.PostAsync("/api/v1/verify", form);
        var json = JsonDocument.Parse(await report.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("TOTAL-PASSED", json.GetProperty("conclusion").GetString());
        Assert.Equal("/v/" + verifyUrl.Split("/v/")[1], json.GetProperty("issuedDocumentUrl").GetString());

        // The public host has no issuing API and no dev PKI: it holds no keys.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/v1/documents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/dev-pki/tsa", new ByteArrayContent([1]))).StatusCode);
    }

    [Fact]
    public async Task The_report_passes_our_output_and_links_it_to_its_record()
    {
        var (_, verifyUrl, signedPdf) = await IssueAsync("503/778/RPT/2026");
        var report = await service.Client.VerifyAsync(signedPdf);
        Assert.Equal("TOTAL-PASSED", report.GetProperty("conclusion").GetString());
        Assert.EndsWith(report.GetProperty("issuedDocumentUrl").GetString()!, verifyUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_passes_a_pdf_signed_by_poppler_with_the_dev_root()
    {
        using var dir = new TempDir();
        var input = dir.File("in.pdf");
        var output = dir.File("poppler.pdf");
        await File.WriteAllBytesAsync(input, Permit);
        PopplerSigner.Sign(input, output, "PopplerSignature");
        var report = await service.Client.VerifyAsync(await File.ReadAllBytesAsync(output));
        Assert.Equal("TOTAL-PASSED", report.GetProperty("conclusion").GetString());
    }

    [Fact]
    public async Task A_flipped_byte_fails_and_content_appended_after_signing_is_flagged()
    {
        var (_, _, signedPdf) = await IssueAsync("503/779/TMP/2026");
        var flipped = (byte[])signedPdf.Clone();
        flipped[Permit.Length / 2] ^= 0x01; // inside the signed original, not the /Contents hole
        Assert.Equal("TOTAL-FAILED", (await service.Client.VerifyAsync(flipped)).GetProperty("conclusion").GetString());

        using var dir = new TempDir();
        var signed = dir.File("signed.pdf");
        var appended = dir.File("appended.pdf");
        await File.WriteAllBytesAsync(signed, signedPdf);
        MuPdfEdits.AppendPageContent(signed, appended);
        var report = await service.Client.VerifyAsync(await File.ReadAllBytesAsync(appended));
        Assert.Equal("INDETERMINATE", report.GetProperty("conclusion").GetString());
        var changes = report.GetProperty("report").GetProperty("signatures")[0].GetProperty("changesAfter");
        Assert.Contains(changes.EnumerateArray(), c => c.GetProperty("kind").GetString() == "page-content-changed" && !c.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Bad_uploads_get_a_4xx_that_names_the_problem()
    {
        var notPdf = await service.Client.VerifyAsync("hello"u8.ToArray(), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("pdf-not-a-pdf", notPdf.GetProperty("code").GetString());
        var encrypted = await service.Client.VerifyAsync(
            await File.ReadAllBytesAsync(Path.Combine(RepoPaths.BadFixtures, "encrypted-forensics-peanuts.pdf")), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("pdf-encrypted", encrypted.GetProperty("code").GetString());
        using var empty = await service.Client.Http.PostAsync("/api/v1/verify", new MultipartFormDataContent { { new StringContent("x"), "other" } });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task A_time_stamped_document_names_its_time_stamping_authority_on_the_page()
    {
        var (_, verifyUrl, _) = await IssueAsync("503/784/TSA/2026", "B-T");
        using var anonymous = new HttpClient();
        var page = await anonymous.GetStringAsync(verifyUrl);
        Assert.Contains("<dt>Otoritas cap waktu (TSA)</dt><dd>SigningService DEV TSA</dd>", page, StringComparison.Ordinal);
        Assert.Contains("PAdES B-T", page, StringComparison.Ordinal);
    }

    private async Task<(Guid Id, string VerifyUrl, byte[] SignedPdf)> IssueAsync(string number, string level = "B-B")
    {
        var submitted = await service.Client.SubmitAsync(Permit, new
        {
            documentType = "demo-eseal", number, title = "Izin Usaha Mikro", holderName = "Siti Aminah", holderNik = "3573011234560001",
            placement = new { anchor = "${ttd_kadis}" }, level,
        });
        var id = submitted.GetProperty("id").GetGuid();
        await service.Client.WaitSignedAsync(id, TimeSpan.FromSeconds(60));
        return (id, submitted.GetProperty("verifyUrl").GetString()!, await service.Client.SignedPdfAsync(id));
    }
}
