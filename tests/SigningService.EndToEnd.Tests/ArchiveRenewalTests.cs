using System.Security.Cryptography;
using System.Text.Json;
using TestSupport;

namespace SigningService.EndToEnd.Tests;

/// <summary>
/// Issue 7: the archive-renewal job, running in the real service process with the dev TSA, gives a B-LTA
/// document a new archive time-stamp once its TSA certificate is within the renewal window (here: a window
/// so wide that every B-LTA document is in it), and leaves the file valid for independent tools.
/// </summary>
public sealed class ArchiveRenewalTests
{
    private static readonly byte[] Permit = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "tests", "fixtures", "samples", "permit-a4.pdf"));

    [Fact]
    public async Task A_b_lta_document_in_the_renewal_window_gets_a_new_archive_time_stamp_once_and_every_signature_still_verifies()
    {
        using var data = new TempDir();
        await using var process = await ServiceProcess.StartAsync(data.Path, ServiceProcess.FreePort(), new Dictionary<string, string>
        {
            ["Archive__RenewDaysBeforeExpiry"] = "3650",
            ["Archive__IntervalSeconds"] = "1",
            // Said in the failure message when the renewal does not come.
            ["Logging__LogLevel__SigningService.Signing"] = "Information",
            ["Logging__LogLevel__Quartz"] = "Information",
        });
        using var client = new ServiceClient(process.BaseUrl);
        var submitted = await client.SubmitAsync(Permit, new
        {
            documentType = "demo-eseal", number = "503/900/ARSIP/2026", title = "Izin Usaha Mikro",
            placement = new { anchor = "${ttd_kadis}" }, level = "B-LTA",
        });
        var id = submitted.GetProperty("id").GetGuid();
        var signed = await client.WaitSignedAsync(id, TimeSpan.FromSeconds(60));
        var firstSha256 = signed.GetProperty("signedSha256").GetString();

        var renewed = await WaitAsync(process, async () =>
        {
            var now = JsonDocument.Parse(await client.Http.GetStringAsync($"/api/v1/documents/{id}")).RootElement;
            return now.GetProperty("signedSha256").GetString() != firstSha256 ? now : (JsonElement?)null;
        });
        var pdf = await client.SignedPdfAsync(id);
        Assert.Equal(renewed.GetProperty("signedSha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(pdf)));
        var firstFile = Directory.GetFiles(Path.Combine(data.Path, "blobs", "signed"), $"{id:N}-1.pdf").Single();
        var first = await File.ReadAllBytesAsync(firstFile);
        Assert.True(pdf.AsSpan(0, first.Length).SequenceEqual(first), "the renewal must only append to the signed file");

        using var dir = new TempDir();
        var path = dir.File("renewed.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        // The e-seal, its B-LTA archive time-stamp and the renewal's. pdfsig checks the CMS signature (it does
        // not implement document time-stamps); openssl ts -verify checks each document time-stamp over its ByteRange.
        var signatures = IndependentValidators.Pdfsig(path);
        Assert.Equal(3, signatures.Count);
        var eseal = Assert.Single(signatures, s => !s.Block.Contains("Signature Type: unknown", StringComparison.Ordinal));
        Assert.True(eseal.SignatureValid && eseal.CertificateTrusted, eseal.Block);
        var documentTimestamps = 0;
        for (var i = 0; i < IndependentValidators.CountByteRanges(path); i++)
        {
            var der = TimestampVerification.ContentsDer(path, i);
            if (!global::Signing.Cms.Tsp.TimestampToken.TryParse(der, out _, out _))
                continue;
            documentTimestamps++;
            var verified = TimestampVerification.OpensslTsVerify(der, TimestampVerification.SignedBytes(path, i));
            Assert.True(verified.ExitCode == 0, $"openssl ts -verify rejected document time-stamp {i + 1}: {verified.All}");
        }
        Assert.Equal(2, documentTimestamps);
        Assert.Equal(0, IndependentValidators.QpdfCheck(path).ExitCode);
        var report = await client.VerifyAsync(pdf);
        Assert.Equal("TOTAL-PASSED", report.GetProperty("conclusion").GetString());

        // The copy handed out before the renewal still compares as the issued document on the public page.
        var verifyUrl = submitted.GetProperty("verifyUrl").GetString()!;
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(first), "file", "salinan-lama.pdf" } })
        {
            using var compared = await client.Http.PostAsync(new Uri(verifyUrl + "/compare"), form);
            var page = await compared.Content.ReadAsStringAsync();
            Assert.True(compared.IsSuccessStatusCode, page);
            Assert.Contains("IDENTIK", page, StringComparison.Ordinal);
            Assert.DoesNotContain("BERBEDA", page, StringComparison.Ordinal);
        }

        // At most once a day: runs every second afterwards leave it alone.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var later = JsonDocument.Parse(await client.Http.GetStringAsync($"/api/v1/documents/{id}")).RootElement;
        Assert.Equal(renewed.GetProperty("signedSha256").GetString(), later.GetProperty("signedSha256").GetString());
    }

    private static async Task<JsonElement> WaitAsync(ServiceProcess process, Func<Task<JsonElement?>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found)
                return found;
            await Task.Delay(250);
        }
        throw new TimeoutException($"The archive time-stamp was not renewed within 60 s. The service's log ends:\n{process.LogTail(30)}");
    }
}
