using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Signing.Abstractions;
using Signing.Cms;

namespace SigningService.Api;

/// <summary>
/// Every API error is application/problem+json (RFC 9457) with a stable machine-readable "code", so
/// integrators branch on the code and show the detail (which names the problem) to people.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult Of(int status, string code, string detail, IDictionary<string, object?>? extra = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (extra is not null)
        {
            foreach (var (k, v) in extra)
            {
                extensions[k] = v;
            }
        }
        return TypedResults.Problem(detail, statusCode: status, title: Title(code), type: TypeUri(code), extensions: extensions);
    }

    public static ProblemHttpResult NotFound(string what) => Of(StatusCodes.Status404NotFound, "not-found", $"{what} was not found.");

    public static ProblemHttpResult Validation(string detail) => Of(StatusCodes.Status400BadRequest, "invalid-request", detail);

    /// <summary>An engine error about the submitted PDF, its placement or the signer's certificate or key.</summary>
    public static ProblemHttpResult FromSigning(SigningException e) => Of(StatusOf(e.Code), e.Code, e.Message);

    public static int StatusOf(string code) => code switch
    {
        ErrorCodes.TokenNotPresent or ErrorCodes.TokenUnavailable or ErrorCodes.ModuleLoadFailed or ErrorCodes.PinLocked
            or ErrorCodes.PinRequired or LtvErrorCodes.TsaUnavailable or LtvErrorCodes.RevocationUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    public static string TypeUri(string code) => $"https://signingservice.example/problems/{code}";

    private static string Title(string code) => code switch
    {
        "not-found" => "Not found",
        "invalid-request" => "The request is not valid",
        "file-too-large" => "The file is too large",
        "idempotency-conflict" => "Idempotency-Key reused with a different request",
        "unauthorized" => "Not authenticated",
        "rate-limited" => "Too many requests",
        "invalid-state" => "Not possible in the document's current state",
        "forbidden" => "Not allowed for this account",
        "not-your-document" => "Not in your inbox",
        "paraf-incomplete" => "The paraf chain is not complete",
        "already-decided" => "Already decided",
        "two-factor-required" => "Two-factor login required",
        "login-failed" => "Login failed",
        "pin-incorrect" => "The PIN is incorrect",
        "pin-locked" => "The PIN is locked",
        _ when code.StartsWith("pdf-", StringComparison.Ordinal) => "The PDF cannot be signed",
        _ when code.StartsWith("certificate-", StringComparison.Ordinal) => "The signer's certificate cannot be used",
        _ => "The request could not be completed",
    };

    /// <summary>A key the official could not open: the PIN (with the tries left, where the token says), a lock, or the token.</summary>
    public static ProblemHttpResult FromKeyAccess(KeyAccessException e) => e.Code switch
    {
        ErrorCodes.PinIncorrect => Of(StatusCodes.Status422UnprocessableEntity, e.Code, e.Message,
            new Dictionary<string, object?> { ["triesLeft"] = e.TriesLeft }),
        ErrorCodes.PinLocked => Of(StatusCodes.Status423Locked, e.Code,
            $"{e.Message} Nothing was signed; ask your token's security officer (or the IT helpdesk) to unlock the PIN, then try again.",
            new Dictionary<string, object?> { ["triesLeft"] = 0 }),
        ErrorCodes.PinRequired => Of(StatusCodes.Status400BadRequest, e.Code, e.Message),
        _ => FromSigning(e),
    };

    /// <summary>For middleware (auth challenge, rate limiter, body-size limit) that writes a problem directly.</summary>
    public static Task Write(HttpContext context, int status, string code, string detail)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = Title(code), Detail = detail, Type = TypeUri(code) };
        problem.Extensions["code"] = code;
        return context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }
}
