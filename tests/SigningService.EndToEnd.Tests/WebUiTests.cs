using SigningService.Domain.Approval;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using TestSupport;

namespace SigningService.EndToEnd.Tests;

/// <summary>
/// Issue 5's web UI in Debian's chromium against the running service: login with password and TOTP, a batch of five
/// signed with one PIN (each signed PDF passes pdfsig), a wrong PIN, a rejection with its reason, paraf gating, Plh
/// routing with "Plh." in the rendered stamp, and that nobody reaches another official's documents.
/// </summary>
public sealed class WebUiTests(UiFixture ui) : IClassFixture<UiFixture>
{
    private const string KadisType = "demo-kadis";
    private const string ParafType = "demo-kadis-paraf";

    [Fact]
    public async Task Kadis_logs_in_with_password_and_totp_and_signs_five_documents_in_one_batch_with_one_pin()
    {
        var ids = new List<Guid>();
        for (var i = 1; i <= 5; i++)
            ids.Add(await ui.SubmitAsync(KadisType, $"503/{i:D3}/BATCH/2026"));
        var page = await ui.LoginAsync("kadis");

        Assert.Equal("/kotak-masuk", new Uri(page.Url).AbsolutePath);
        Assert.Contains("MODE PENGEMBANGAN", await page.InnerTextAsync("#dev-banner"), StringComparison.Ordinal);
        await AssertFitsThePhoneAsync(page);
        foreach (var id in ids)
            await page.CheckAsync($"input[name=ids][value='{id}']");
        Assert.Equal("Setujui & tandatangani (5)", await page.InnerTextAsync("#label-setujui"));
        Assert.Equal("off", await page.GetAttributeAsync("#pin", "autocomplete"));
        await page.FillAsync("#pin", UiFixture.Pin);
        await page.ClickAsync("#setujui");

        await page.WaitForSelectorAsync("#hasil[data-selesai='ya']");
        Assert.Equal("Selesai: 5 berhasil, 0 gagal.", await page.InnerTextAsync("#status-hasil"));
        var progress = await page.EvaluateAsync<int[]>("() => { const p = document.getElementById('progres'); return [p.value, p.max]; }");
        Assert.Equal(new[] { 5, 5 }, progress);
        Assert.Equal("", await page.InputValueAsync("#pin"));
        foreach (var id in ids)
            Assert.Equal("signed", await page.GetAttributeAsync($"#daftar-hasil li[data-id='{id}']", "data-outcome"));

        using var dir = new TempDir();
        foreach (var id in ids)
        {
            Assert.Equal("signed", await ui.StatusAsync(id));
            var signature = Assert.Single(IndependentValidators.Pdfsig(await UiFixture.DownloadSignedAsync(page, id, dir)));
            Assert.True(signature.SignatureValid && signature.CertificateTrusted, signature.Block);
        }

        // The document page draws the PDF with the vendored pdf.js (under the pages' content security policy).
        await page.GotoAsync($"/dokumen/{ids[0]}");
        await page.WaitForSelectorAsync("#pratinjau[data-pages], #pratinjau[data-error]");
        Assert.Null(await page.GetAttributeAsync("#pratinjau", "data-error"));
        Assert.Equal("1", await page.GetAttributeAsync("#pratinjau", "data-pages"));
        var inked = await page.EvaluateAsync<int>("""
            () => { const c = document.querySelector('#pratinjau canvas'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 128 || d[i + 1] < 128 || d[i + 2] < 128)) n++; return n; }
            """);
        Assert.True(inked > 500, $"the preview canvas has only {inked} dark pixels");
        await AssertFitsThePhoneAsync(page);
    }

    [Fact]
    public async Task A_wrong_pin_says_pin_salah_and_every_document_stays_pending()
    {
        var first = await ui.SubmitAsync(KadisType, "503/010/PIN/2026");
        var second = await ui.SubmitAsync(KadisType, "503/011/PIN/2026");
        var page = await ui.LoginAsync("kadis");

        await page.CheckAsync($"input[name=ids][value='{first}']");
        await page.CheckAsync($"input[name=ids][value='{second}']");
        await page.FillAsync("#pin", "000000");
        await page.ClickAsync("#setujui");
        await page.WaitForSelectorAsync("#hasil[data-selesai='ya']");
        Assert.StartsWith("PIN salah.", await page.InnerTextAsync("#pesan-pin"), StringComparison.Ordinal);
        Assert.Equal("pin-incorrect", await page.GetAttributeAsync("#pesan-pin", "data-code"));
        Assert.Equal(0, await page.Locator("#daftar-hasil li").CountAsync());
        await page.ReloadAsync();
        Assert.Equal(2, await page.Locator($"li.item[data-id='{first}'], li.item[data-id='{second}']").CountAsync());

        // The document page posts a plain form: the answer says the same and does not carry the PIN back.
        await page.GotoAsync($"/dokumen/{first}");
        await page.FillAsync("#form-setujui input[name=pin]", "654321");
        await page.ClickAsync("#tombol-setujui");
        await page.WaitForSelectorAsync("#pesan-pin:not([hidden])");
        Assert.StartsWith("PIN salah.", await page.InnerTextAsync("#pesan-pin"), StringComparison.Ordinal);
        Assert.DoesNotContain("654321", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal("", await page.InputValueAsync("#form-setujui input[name=pin]"));
        Assert.Equal(("pending_approval", "pending_approval"), (await ui.StatusAsync(first), await ui.StatusAsync(second)));
    }

    [Fact]
    public async Task Rejecting_with_a_reason_makes_the_document_rejected_and_the_issuing_system_gets_the_reason()
    {
        const string reason = "Lampiran denah lokasi belum ada";
        var id = await ui.SubmitAsync(KadisType, "503/020/TOLAK/2026", ui.Webhooks.Url);
        var page = await ui.LoginAsync("kadis");

        await page.GotoAsync($"/dokumen/{id}");
        await page.FillAsync("#form-tolak textarea[name=alasan]", reason);
        await page.ClickAsync("#tombol-tolak");
        await page.WaitForSelectorAsync("#ditolak");
        Assert.Equal("rejected", await page.GetAttributeAsync("#status", "data-status"));
        Assert.Equal(reason, await page.InnerTextAsync("#alasan-penolakan"));

        Assert.Equal("rejected", await ui.StatusAsync(id));
        var hook = await ui.Webhooks.WaitForAsync("document.rejected", id, TimeSpan.FromSeconds(30));
        Assert.Equal(reason, hook.GetProperty("rejectionReason").GetString());
        await page.GotoAsync("/riwayat");
        Assert.Contains(reason, await page.InnerTextAsync($"#riwayat li[data-id='{id}'][data-kind='rejection']"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_head_cannot_sign_until_kasi_kabid_and_sekretaris_have_made_their_paraf_in_the_ui()
    {
        var id = await ui.SubmitAsync(ParafType, "503/030/PARAF/2026");
        var kadis = await ui.LoginAsync("kadis");
        Assert.Equal(0, await kadis.Locator($"li.item[data-id='{id}']").CountAsync());
        await kadis.GotoAsync($"/dokumen/{id}");
        Assert.Contains("0 dari 3 selesai", await kadis.InnerTextAsync("#menunggu-paraf"), StringComparison.Ordinal);
        Assert.True(await kadis.IsDisabledAsync("#tombol-setujui"));
        // A forged approval (the page's own antiforgery token, a correct PIN) is refused all the same.
        var forged = await PostFormAsync(kadis, $"/dokumen/{id}/Setujui", "#form-tolak", ("pin", UiFixture.Pin));
        Assert.Equal(200, forged.Status);
        Assert.Contains("data-code=\"paraf-incomplete\"", await forged.TextAsync(), StringComparison.Ordinal);
        Assert.Equal("pending_paraf", await ui.StatusAsync(id));

        foreach (var (user, step) in new[] { ("kasi", 1), ("kabid", 2), ("sekretaris", 3) })
        {
            var staff = await ui.LoginAsync(user);
            Assert.Equal("paraf", await staff.GetAttributeAsync($"li.item[data-id='{id}']", "data-action"));
            await staff.GotoAsync($"/dokumen/{id}");
            Assert.Contains($"langkah {step} dari 3", await staff.InnerTextAsync("#form-setujui"), StringComparison.Ordinal);
            await staff.ClickAsync("#tombol-setujui");
            await staff.WaitForSelectorAsync($"#daftar-hasil li[data-id='{id}'][data-outcome='paraf']");
            await staff.Context.CloseAsync();
        }
        Assert.Equal("pending_approval", await ui.StatusAsync(id));

        await kadis.GotoAsync("/kotak-masuk");
        Assert.Equal("sign", await kadis.GetAttributeAsync($"li.item[data-id='{id}']", "data-action"));
        await kadis.GotoAsync($"/dokumen/{id}");
        Assert.Equal(3, await kadis.Locator("#rantai-paraf li.done").CountAsync());
        await kadis.FillAsync("#form-setujui input[name=pin]", UiFixture.Pin);
        await kadis.ClickAsync("#tombol-setujui");
        await kadis.WaitForSelectorAsync($"#daftar-hasil li[data-id='{id}'][data-outcome='signed']");
        Assert.Equal("signed", await ui.StatusAsync(id));
        using var dir = new TempDir();
        var signature = Assert.Single(IndependentValidators.Pdfsig(await UiFixture.DownloadSignedAsync(kadis, id, dir)));
        Assert.True(signature.SignatureValid && signature.CertificateTrusted, signature.Block);
    }

    [Fact]
    public async Task A_plh_order_made_in_the_admin_pages_routes_the_heads_document_to_the_acting_official_whose_stamp_reads_plh()
    {
        const string basis = "800/4321/35.73.406/2026";
        var id = await ui.SubmitAsync(KadisType, "503/040/PLH/2026");
        var admin = await ui.LoginAsync("admin");
        await admin.GotoAsync("/admin/delegasi");
        await admin.SelectOptionAsync("select[name=head]", (await admin.GetAttributeAsync("select[name=head] option[data-token='dev-kadis']", "value"))!);
        await admin.SelectOptionAsync("select[name=acting]", (await admin.GetAttributeAsync("select[name=acting] option[data-token='dev-sekretaris']", "value"))!);
        await admin.SelectOptionAsync("select[name=kind]", "Plh");
        await admin.FillAsync("input[name=basis]", basis);
        await admin.CheckAsync($"input[name=types][value='{KadisType}']");
        await admin.ClickAsync("#form-buat-delegasi button[type=submit]");
        await admin.WaitForSelectorAsync("#berhasil");
        Assert.Equal("berlaku", await admin.InnerTextAsync($"tr[data-basis='{basis}'] td.state"));
        try
        {
            var kadis = await ui.LoginAsync("kadis");
            Assert.Equal(0, await kadis.Locator($"li.item[data-id='{id}']").CountAsync());
            Assert.Equal(404, (await kadis.GotoAsync($"/dokumen/{id}"))!.Status);

            var sekretaris = await ui.LoginAsync("sekretaris");
            Assert.Equal("Plh. Kepala Dinas", await sekretaris.InnerTextAsync($"li.item[data-id='{id}'] .acting"));
            await sekretaris.GotoAsync($"/dokumen/{id}");
            var notice = await sekretaris.InnerTextAsync("#delegasi");
            Assert.Contains("Plh. Kepala Dinas", notice, StringComparison.Ordinal);
            Assert.Contains(basis, notice, StringComparison.Ordinal);
            await sekretaris.FillAsync("#form-setujui input[name=pin]", UiFixture.Pin);
            await sekretaris.ClickAsync("#tombol-setujui");
            await sekretaris.WaitForSelectorAsync($"#daftar-hasil li[data-id='{id}'][data-outcome='signed']");

            using var dir = new TempDir();
            var pdf = await UiFixture.DownloadSignedAsync(sekretaris, id, dir);
            var signature = Assert.Single(IndependentValidators.Pdfsig(pdf));
            Assert.True(signature.SignatureValid && signature.CertificateTrusted, signature.Block);
            var render = ExternalTool.Run("pdftoppm", ["-r", "100", "-f", "1", "-l", "1", "-png", "-singlefile", pdf, dir.File("page")]);
            Assert.True(render.ExitCode == 0 && new FileInfo(dir.File("page.png")).Length > 10_000, "pdftoppm: " + render.All);
            var text = string.Join(' ', IndependentValidators.PdfToText(pdf, page: 1).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("Plh. Kepala Dinas", text, StringComparison.Ordinal);
            Assert.Contains("Siti Rahmawati", text, StringComparison.Ordinal);
        }
        finally
        {
            await admin.GotoAsync("/admin/delegasi");
            await admin.ClickAsync($"tr[data-basis='{basis}'] button[type=submit]");
            await admin.WaitForSelectorAsync("#berhasil");
        }
        Assert.Equal(0, await admin.Locator($"tr[data-basis='{basis}']").CountAsync());
    }

    [Fact]
    public async Task Another_signer_can_neither_list_open_nor_sign_the_heads_document_through_the_ui_or_the_api()
    {
        var id = await ui.SubmitAsync(KadisType, "503/050/AKSES/2026");
        var sekretaris = await ui.LoginAsync("sekretaris");
        Assert.Equal(0, await sekretaris.Locator($"li.item[data-id='{id}']").CountAsync());
        var opened = await sekretaris.GotoAsync($"/dokumen/{id}");
        Assert.Equal(404, opened!.Status);
        Assert.True(await sekretaris.IsVisibleAsync("#tidak-ditemukan"));

        // Forged posts with the person's own valid antiforgery token (from the logout form on every page).
        var approve = await PostFormAsync(sekretaris, $"/dokumen/{id}/Setujui", "header form", ("pin", UiFixture.Pin));
        Assert.Equal(404, approve.Status);
        Assert.Contains("id=\"tidak-ditemukan\"", await approve.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(404, (await PostFormAsync(sekretaris, $"/dokumen/{id}/Tolak", "header form", ("alasan", "Bukan urusan saya"))).Status);
        var batch = await PostFormAsync(sekretaris, "/kotak-masuk/Bertahap", "header form", ("ids", id.ToString()), ("pin", UiFixture.Pin));
        Assert.Contains("\"code\":\"not-your-document\"", await batch.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(404, (await sekretaris.Context.APIRequest.GetAsync($"/dokumen/{id}/berkas")).Status);

        // The same person through the JSON API with a bearer token.
        using var api = new HttpClient { BaseAddress = ui.Service.BaseUrl };
        using var login = await api.PostAsJsonAsync("/api/v1/auth/login",
            new { userName = "sekretaris", password = UiFixture.Password, totpCode = Totp.Code(UiFixture.TotpSecret) });
        var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/inbox/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"/api/v1/inbox/{id}/approve", new { pin = UiFixture.Pin })).StatusCode);
        Assert.Equal("pending_approval", await ui.StatusAsync(id));

        // The session cookie does not reach the API, and API credentials do not open pages.
        Assert.Equal(401, (await sekretaris.Context.APIRequest.GetAsync("/api/v1/inbox")).Status);
        Assert.Equal(401, (await sekretaris.Context.APIRequest.GetAsync("/api/v1/documents")).Status);
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = ui.Service.BaseUrl };
        foreach (var credential in new[] { token!, Options.DevSeedOptions.DefaultIssuingClientApiKey })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/kotak-masuk");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", credential);
            using var response = await noRedirects.SendAsync(request);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/masuk", response.Headers.Location?.AbsolutePath);
        }
    }

    /// <summary>POSTs a form as a forger would: the person's own session and the antiforgery token of a form on the page.</summary>
    private static async Task<IAPIResponse> PostFormAsync(IPage page, string path, string tokenForm, params (string Name, string Value)[] fields)
    {
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", await page.InputValueAsync($"{tokenForm} input[name=__RequestVerificationToken]"));
        foreach (var (name, value) in fields)
            form.Append(name, value);
        return await page.Context.APIRequest.PostAsync(path, new APIRequestContextOptions { Form = form, MaxRedirects = 0 });
    }

    /// <summary>Nothing sticks out sideways on a 390-pixel-wide phone screen.</summary>
    private static async Task AssertFitsThePhoneAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"{page.Url} is wider than the phone screen");
}
