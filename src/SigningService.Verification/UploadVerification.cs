using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Signing.Abstractions;
using Signing.Cms;
using Signing.Core.Validation;
using SigningService.Data;
using SigningService.Domain;

namespace SigningService.Verification;

/// <summary>The outcome of an upload: the engine's report, and the issued document it is, when it is one of ours.</summary>
public sealed record UploadReport(string Conclusion, ValidationReport Report, string? IssuedDocumentUrl);

/// <summary>
/// POST /api/v1/verify (multipart "file", size-limited): validates every signature of an uploaded PDF
/// against the configured trusted roots (a folder of PEM files, Verification:TrustedRootsFolder) with the
/// same code as <c>signing-cli verify</c>, and answers JSON, or an HTML page when the browser asks for
/// one (POST /verify from the upload form). Bad input is a 4xx problem naming it.
/// </summary>
public static class UploadVerification
{
    /// <param name="devRootFile">The dev root (certs-dev/root-ca.pem), trusted only when no folder is configured (Development).</param>
    public static IServiceCollection AddUploadVerification(this IServiceCollection services, IConfiguration configuration, string? devRootFile)
    {
        var folder = configuration["Verification:TrustedRootsFolder"];
        services.AddSingleton(_ => TrustStore.FromPemFiles(
            folder is not null ? Directory.GetFiles(folder, "*.pem")
            : devRootFile is not null && File.Exists(devRootFile) ? [devRootFile]
            : []));
        return services;
    }

    public static IEndpointRouteBuilder MapUploadVerification(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/verify", Json).DisableAntiforgery().RequireRateLimiting(VerificationEndpoints.RatePolicy).WithTags("Verification")
            .WithSummary("Validate every signature of an uploaded PDF (multipart 'file')");
        app.MapPost("/verify", Html).DisableAntiforgery().RequireRateLimiting(VerificationEndpoints.RatePolicy).ExcludeFromDescription();
        app.MapGet("/verify", (string? lang) => Results.Content(UploadPage.Form(PageText.For(lang)), "text/html; charset=utf-8")).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> Json(HttpRequest request, TrustStore trust, SigningDbContext db, CancellationToken ct)
    {
        var (report, problem) = await ValidateAsync(request, trust, db, ct);
        return problem ?? Results.Json(report, JsonOptions);
    }

    private static async Task<IResult> Html(HttpRequest request, string? lang, TrustStore trust, SigningDbContext db, CancellationToken ct)
    {
        var (report, problem) = await ValidateAsync(request, trust, db, ct);
        return problem ?? Results.Content(UploadPage.Report(report!, PageText.For(lang)), "text/html; charset=utf-8");
    }

    private static async Task<(UploadReport?, IResult?)> ValidateAsync(HttpRequest request, TrustStore trust, SigningDbContext db, CancellationToken ct)
    {
        if (request.ContentLength > VerificationEndpoints.MaxCompareBytes)
            return (null, Problem(413, "file-too-large", "The file is larger than 50 MB."));
        if (!request.HasFormContentType)
            return (null, Problem(400, "file-missing", "Send the PDF as multipart/form-data in a 'file' part."));
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is BadHttpRequestException or InvalidDataException)
        {
            return (null, Problem(413, "file-too-large", "The file is larger than 50 MB."));
        }
        if (form.Files.GetFile("file") is not { Length: > 0 } file)
            return (null, Problem(400, "file-missing", "The 'file' part with the PDF is missing or empty."));
        await using var pdf = new MemoryStream();
        await file.CopyToAsync(pdf, ct);
        pdf.Position = 0;
        ValidationReport report;
        try
        {
            report = await new PdfSignatureValidator(trust).ValidateAsync(pdf, ct);
        }
        catch (SigningException e)
        {
            return (null, Problem(422, e.Code, e.Message));
        }
        var issued = await db.Documents.AsNoTracking().Where(d => d.SignedSha256 == report.Sha256).Select(d => d.PublicId).FirstOrDefaultAsync(ct);
        return (new UploadReport(report.Conclusion, report, issued is null ? null : $"/v/{issued}"), null);
    }

    private static IResult Problem(int status, string code, string detail) =>
        Results.Problem(detail, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = code });

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
