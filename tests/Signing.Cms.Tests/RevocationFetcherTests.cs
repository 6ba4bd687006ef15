using Signing.Abstractions;
using Signing.Cms.Revocation;

namespace Signing.Cms.Tests;

[Collection(DevPkiCollection.Name)]
public sealed class RevocationFetcherTests(DevPkiFixture pki)
{
    [Fact]
    public async Task An_officials_chain_gets_OCSP_for_the_official_and_the_root_CRL_for_the_issuing_CA()
    {
        using var services = new DevServices(pki);
        var fetcher = new RevocationFetcher(services.Http);

        var data = await fetcher.FetchAsync(Ltv.ChainOf(pki, "kadis"), CancellationToken.None);

        Assert.Equal(2, data.Statuses.Count);
        var kadis = data.StatusOf(pki.Pki["kadis"].SerialHex)!;
        Assert.Equal(RevocationStatus.Good, kadis.Status);
        Assert.Equal(RevocationSource.Ocsp, kadis.Source);
        Assert.Equal("http://localhost:5080/dev-pki/ocsp", kadis.SourceUrl);
        Assert.True(kadis.NextUpdate > kadis.ThisUpdate);
        var issuing = data.Statuses.Single(s => s.Subject.Contains("Issuing CA"));
        Assert.Equal(RevocationStatus.Good, issuing.Status);
        Assert.Equal(RevocationSource.Crl, issuing.Source);
        Assert.Equal("http://localhost:5080/dev-pki/root-ca.crl", issuing.SourceUrl);
        Assert.Single(data.OcspResponses);
        Assert.Single(data.Crls);
        Assert.Contains(data.Certificates, c => c.AsSpan().SequenceEqual(Ltv.CertificateOf(pki, "ocsp")));
        Assert.Contains(data.Certificates, c => c.AsSpan().SequenceEqual(pki.RootDer));
        Assert.Equal(2, services.Handler.Requests);
    }

    [Fact]
    public async Task A_chain_without_its_CA_certificates_downloads_them_from_caIssuers()
    {
        using var services = new DevServices(pki);
        var fetcher = new RevocationFetcher(services.Http);

        var data = await fetcher.FetchAsync([Ltv.CertificateOf(pki, "sekretaris")], CancellationToken.None);

        Assert.Contains(data.Certificates, c => c.AsSpan().SequenceEqual(pki.IssuingDer));
        Assert.Contains(data.Certificates, c => c.AsSpan().SequenceEqual(pki.RootDer));
        Assert.All(data.Statuses, s => Assert.Equal(RevocationStatus.Good, s.Status));
        Assert.Equal(2, data.Statuses.Count);
    }

    [Fact]
    public async Task Signing_with_a_revoked_certificate_is_refused_with_the_date_and_reason()
    {
        using var services = new DevServices(pki);
        var revocation = services.Authority.Revoke("revoked", RevocationReason.KeyCompromise);
        var fetcher = new RevocationFetcher(services.Http);

        var error = await Assert.ThrowsAsync<CertificateException>(
            () => fetcher.EnsureNotRevokedAsync(Ltv.ChainOf(pki, "revoked"), CancellationToken.None));

        Assert.Equal(ErrorCodes.CertificateRevoked, error.Code);
        Assert.Contains("Dewi Lestari", error.Message);
        Assert.Contains($"revoked on {revocation.RevokedAt:yyyy-MM-dd HH:mm:ss} UTC (key compromise)", error.Message);
        Assert.Contains("http://localhost:5080/dev-pki/ocsp", error.Message);
    }

    [Fact]
    public async Task The_revoked_identity_is_good_until_the_dev_CA_revokes_it_and_FetchAsync_reports_rather_than_throws()
    {
        using var services = new DevServices(pki);
        var before = await new RevocationFetcher(services.Http).EnsureNotRevokedAsync(Ltv.ChainOf(pki, "revoked"), CancellationToken.None);
        services.Authority.Revoke("revoked", RevocationReason.AffiliationChanged);

        var after = await new RevocationFetcher(services.Http).FetchAsync(Ltv.ChainOf(pki, "revoked"), CancellationToken.None);

        Assert.Equal(RevocationStatus.Good, before.StatusOf(pki.Pki["revoked"].SerialHex)!.Status);
        var status = after.StatusOf(pki.Pki["revoked"].SerialHex)!;
        Assert.Equal(RevocationStatus.Revoked, status.Status);
        Assert.Equal(RevocationReason.AffiliationChanged, status.Reason);
    }

    [Fact]
    public async Task Without_OCSP_the_CRL_of_the_issuing_CA_decides()
    {
        using var services = new DevServices(pki);
        services.Authority.Revoke("revoked", RevocationReason.Superseded);
        var fetcher = new RevocationFetcher(services.Http, new RevocationFetcherOptions { UseOcsp = false });

        var data = await fetcher.FetchAsync(Ltv.ChainOf(pki, "revoked"), CancellationToken.None);

        var status = data.StatusOf(pki.Pki["revoked"].SerialHex)!;
        Assert.Equal(RevocationStatus.Revoked, status.Status);
        Assert.Equal(RevocationSource.Crl, status.Source);
        Assert.Equal(RevocationReason.Superseded, status.Reason);
        Assert.Empty(data.OcspResponses);
        Assert.Equal(2, data.Crls.Count);
    }

    [Fact]
    public async Task Two_hundred_concurrent_fetches_for_one_chain_make_one_request_per_certificate()
    {
        using var services = new DevServices(pki);
        var fetcher = new RevocationFetcher(services.Http);
        var chain = Ltv.ChainOf(pki, "kadis");

        var all = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => fetcher.FetchAsync(chain, CancellationToken.None))));

        Assert.Equal(2, services.Handler.Requests);
        Assert.Equal(2, fetcher.Cache.Fetches);
        Assert.Equal(398, fetcher.Cache.CacheHits);
        Assert.All(all, d => Assert.Equal(all[0].OcspResponses[0], d.OcspResponses[0]));
    }

    [Fact]
    public async Task A_cached_OCSP_response_is_reused_until_its_nextUpdate_and_the_day_long_CRL_beyond_it()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var services = new DevServices(pki, clock);
        var fetcher = new RevocationFetcher(services.Http, new RevocationFetcherOptions { Clock = clock },
            new RevocationCache(clock: clock));
        var chain = Ltv.ChainOf(pki, "kabid");

        var first = await fetcher.FetchAsync(chain, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(59));
        var second = await fetcher.FetchAsync(chain, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(2));
        var third = await fetcher.FetchAsync(chain, CancellationToken.None);

        Assert.Equal(first.OcspResponses[0], second.OcspResponses[0]);
        Assert.NotEqual(first.OcspResponses[0], third.OcspResponses[0]);
        Assert.Equal(first.Crls[0], third.Crls[0]);
        Assert.Equal(3, fetcher.Cache.Fetches);
        Assert.Equal(3, fetcher.Cache.CacheHits);
        Assert.Equal(clock.GetUtcNow().AddHours(1).ToUnixTimeSeconds(),
            third.StatusOf(pki.Pki["kabid"].SerialHex)!.NextUpdate!.Value.ToUnixTimeSeconds(), 1.0);
    }

    [Fact]
    public async Task When_nothing_answers_the_error_is_revocation_unavailable_and_names_every_URL_tried()
    {
        var port = Ltv.ClosedPort();
        using var http = new HttpClient();
        var fetcher = new RevocationFetcher(http, new RevocationFetcherOptions
        {
            Rewrite = url => new UriBuilder(url) { Host = "127.0.0.1", Port = port }.Uri,
        });

        var error = await Assert.ThrowsAsync<SigningException>(
            () => fetcher.FetchAsync(Ltv.ChainOf(pki, "kadis"), CancellationToken.None));

        Assert.Equal(LtvErrorCodes.RevocationUnavailable, error.Code);
        Assert.Contains("http://localhost:5080/dev-pki/ocsp", error.Message);
        Assert.Contains("http://localhost:5080/dev-pki/issuing-ca.crl", error.Message);
        Assert.Equal(0, fetcher.Cache.Count);
    }
}
