using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Signing.DevServices.Tests;

public sealed class EndpointTests
{
    [Theory]
    [InlineData("dev-pki/tsa", "")]
    [InlineData("dev-pki/tsa", "hello")]
    [InlineData("dev-pki/ocsp", "")]
    [InlineData("dev-pki/ocsp", "0\u0003\u0002\u0001\u0000")]
    public async Task A_body_that_is_no_request_is_a_400_problem_never_a_500(string path, string body)
    {
        await using var dev = await DevServer.StartAsync();
        using var http = new HttpClient();
        using var content = new ByteArrayContent(System.Text.Encoding.Latin1.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await http.PostAsync(dev.Url(path), content);

        await AssertProblemAsync(response);
    }

    [Theory]
    [InlineData("dev-pki/ocsp/not-base64!")]
    [InlineData("dev-pki/ocsp/aGVsbG8%3D")]
    public async Task An_OCSP_GET_path_that_is_no_request_is_a_400_problem(string path)
    {
        await using var dev = await DevServer.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(dev.Url(path));

        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task A_body_larger_than_the_limit_is_refused_with_a_problem()
    {
        await using var dev = await DevServer.StartAsync();
        using var http = new HttpClient();
        using var content = new ByteArrayContent(new byte[DevPkiEndpoints.MaxRequestBytes + 1]);

        using var response = await http.PostAsync(dev.Server.TsaUrl, content);

        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task The_server_reports_where_it_listens_and_rewrites_only_the_dev_certificate_URLs()
    {
        await using var dev = await DevServer.StartAsync();

        Assert.Equal("127.0.0.1", dev.Server.BaseAddress.Host);
        Assert.NotEqual(0, dev.Server.BaseAddress.Port);
        Assert.Equal(new Uri(dev.Server.BaseAddress, "dev-pki/ocsp"), dev.Server.Rewrite(new Uri("http://localhost:5080/dev-pki/ocsp")));
        Assert.Equal(new Uri("http://ca.example/ocsp"), dev.Server.Rewrite(new Uri("http://ca.example/ocsp")));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
    }
}
