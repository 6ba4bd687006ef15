using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Signing.Cms;

namespace Signing.DevServices;

/// <summary>
/// HTTP endpoints of the dev PKI, at the URLs the dev certificates name (AIA, CRL DP). DEV ONLY.
/// <list type="bullet">
/// <item>POST {prefix}/tsa — application/timestamp-query → application/timestamp-reply (RFC 3161 §3.4)</item>
/// <item>POST {prefix}/ocsp — application/ocsp-request → application/ocsp-response (RFC 6960 Appendix A.1)</item>
/// <item>GET {prefix}/ocsp/{url-encoded base64 of the DER request} (RFC 6960 Appendix A.1)</item>
/// <item>GET {prefix}/issuing-ca.crl, {prefix}/root-ca.crl — application/pkix-crl (RFC 5280 §4.2.1.13)</item>
/// <item>GET {prefix}/issuing-ca.cer, {prefix}/root-ca.cer — application/pkix-cert (RFC 5280 §4.2.2.1)</item>
/// </list>
/// A body that is not a TimeStampReq / OCSPRequest, or larger than <see cref="MaxRequestBytes"/>, is
/// 400 with application/problem+json (RFC 9457).
/// </summary>
public static class DevPkiEndpoints
{
    public const string DefaultPrefix = "/dev-pki";

    /// <summary>Largest accepted request body; real TSA and OCSP requests are a few hundred bytes.</summary>
    public const int MaxRequestBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapDevPkiEndpoints(this IEndpointRouteBuilder app, DevAuthority authority,
        string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(authority);
        var group = app.MapGroup(prefix.TrimEnd('/'));

        group.MapPost("/tsa", (HttpRequest request, CancellationToken ct) =>
            AnswerAsync(request, authority.Timestamp, "application/timestamp-reply", ct));
        group.MapPost("/ocsp", (HttpRequest request, CancellationToken ct) =>
            AnswerAsync(request, authority.Ocsp, "application/ocsp-response", ct));
        group.MapGet("/ocsp/{**encoded}", (HttpRequest request) => OcspGet(request, authority));

        foreach (var ca in new[] { "issuing-ca", "root-ca" })
        {
            group.MapGet($"/{ca}.crl", () => Results.Bytes(authority.Crl(ca), "application/pkix-crl"));
            group.MapGet($"/{ca}.cer", () => Results.Bytes(authority.CaCertificate(ca), "application/pkix-cert"));
        }

        return app;
    }

    private static async Task<IResult> AnswerAsync(HttpRequest request, Func<byte[], byte[]> answer, string contentType,
        CancellationToken ct)
    {
        var body = await ReadBodyAsync(request, ct).ConfigureAwait(false);
        if (body is null)
            return BadRequest($"The request body is larger than {MaxRequestBytes} bytes.");
        if (body.Length == 0)
            return BadRequest("The request body is empty.");
        return Answer(() => answer(body), contentType);
    }

    /// <summary>RFC 6960 Appendix A.1: GET {url}/{url-encoding of base-64 encoding of the DER OCSPRequest}.</summary>
    private static IResult OcspGet(HttpRequest request, DevAuthority authority)
    {
        // Request.Path is decoded except for %2F, which base64's '/' may arrive as; undo that too.
        var path = request.Path.Value ?? "";
        var start = path.IndexOf("/ocsp/", StringComparison.Ordinal);
        var encoded = Uri.UnescapeDataString(start < 0 ? "" : path[(start + "/ocsp/".Length)..]);
        byte[] der;
        try
        {
            der = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            return BadRequest("The path after /ocsp/ is not the base64 of an OCSPRequest (RFC 6960 Appendix A.1).");
        }

        return der.Length == 0
            ? BadRequest("The OCSP GET request is empty.")
            : Answer(() => authority.Ocsp(der), "application/ocsp-response");
    }

    private static IResult Answer(Func<byte[]> answer, string contentType)
    {
        try
        {
            return Results.Bytes(answer(), contentType);
        }
        catch (DevPkiRequestException e)
        {
            return BadRequest(e.Message);
        }
    }

    private static IResult BadRequest(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad dev PKI request");

    /// <summary>The body, or null when it exceeds <see cref="MaxRequestBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxRequestBytes)
            return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        while (true)
        {
            var read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false);
            if (read == 0)
                return buffer.ToArray();
            if (buffer.Length + read > MaxRequestBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
    }
}
