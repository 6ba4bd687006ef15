using Microsoft.AspNetCore.Http.HttpResults;
using SigningService.Approval;
using SigningService.Extensions;

namespace SigningService.Api;

public sealed record InboxPage(IReadOnlyList<InboxItem> Items, int Total, int Overdue);

public sealed record ApproveRequest(string? Pin);

public sealed record BatchApproveRequest(List<Guid>? Ids, string? Pin);

public sealed record BatchApproveResponse(IReadOnlyList<ApprovalResult> Results, int Succeeded, int Failed);

public sealed record RejectRequest(string? Reason);

/// <summary>
/// The approval inbox for officials and paraf staff (bearer token of an account; API keys are refused). A
/// document that is not the account's is a 404 not-your-document, whether it exists or not. The work is done
/// by <see cref="InboxService"/> and <see cref="ApprovalService"/>, which the web UI calls too.
/// </summary>
public static class InboxApi
{
    public static RouteGroupBuilder MapInboxApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/inbox")
            .RequireAuthorization(ApprovalExtensions.InboxPolicy)
            .RequireRateLimiting(RateLimits.PerClient)
            .AddEndpointFilter<AccountFilter>()
            .WithTags("Inbox")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/", List).WithSummary("Documents waiting for me (paraf or signature), overdue first");
        group.MapGet("/history", History).WithSummary("What I did: paraf, signatures, rejections, newest first");
        group.MapGet("/{id:guid}", Get).WithSummary("One document of my inbox or history");
        group.MapGet("/{id:guid}/file", GetFile).WithSummary("The PDF to review (original), or the signed one");
        group.MapPost("/{id:guid}/approve", Approve)
            .WithSummary("Paraf (my step of the chain) or sign (the PIN of my token in the body)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/reject", Reject).WithSummary("Reject with a reason (sent to the issuing system)");
        group.MapPost("/batch-approve", BatchApprove).WithSummary("Approve many with one PIN; a result per document");
        return group;
    }

    private static async Task<Ok<InboxPage>> List(
        HttpContext http, InboxService inbox, CancellationToken ct, string? type = null, int? minAgeHours = null, int? maxAgeHours = null)
    {
        var items = await inbox.ListAsync(http.Account(), new InboxFilter(type, minAgeHours, maxAgeHours), ct);
        return TypedResults.Ok(new InboxPage(items, items.Count, items.Count(i => i.Overdue)));
    }

    private static async Task<Ok<IReadOnlyList<HistoryEntry>>> History(HttpContext http, InboxService inbox, CancellationToken ct, int limit = 100) =>
        TypedResults.Ok(await inbox.HistoryAsync(http.Account(), Math.Clamp(limit, 1, 500), ct));

    private static async Task<Results<Ok<InboxDocument>, ProblemHttpResult>> Get(Guid id, HttpContext http, InboxService inbox, CancellationToken ct) =>
        await inbox.GetAsync(http.Account(), id, ct) is { } document ? TypedResults.Ok(document) : NotYours(id);

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetFile(
        Guid id, HttpContext http, InboxService inbox, CancellationToken ct, string? variant = null)
    {
        var file = await inbox.OpenFileAsync(http.Account(), id, variant == "signed", ct);
        if (file.NotYours)
            return NotYours(id);
        if (file.NotSignedYet)
            return Problems.Of(StatusCodes.Status409Conflict, "not-signed-yet", $"Document {id} has no signed PDF yet.");
        return file.Stream is { } stream ? TypedResults.Stream(stream, "application/pdf", $"{id}.pdf") : Problems.NotFound($"The PDF of document {id}");
    }

    private static async Task<Results<Ok<ApprovalResult>, ProblemHttpResult>> Approve(
        Guid id, ApproveRequest? body, HttpContext http, ApprovalService approvals, CancellationToken ct)
    {
        var result = (await approvals.ApproveAsync(http.Account(), [id], body?.Pin, ct)).Single();
        return result.Succeeded ? TypedResults.Ok(result) : Problems.Of(StatusOf(result.Code!), result.Code!, result.Detail ?? result.Code!);
    }

    private static async Task<Results<Ok<BatchApproveResponse>, ProblemHttpResult>> BatchApprove(
        BatchApproveRequest? body, HttpContext http, ApprovalService approvals, CancellationToken ct)
    {
        if (body?.Ids is not { Count: > 0 } ids)
            return Problems.Validation($"'ids' (1 to {ApprovalService.MaxBatch} document ids) is required.");
        var results = await approvals.ApproveAsync(http.Account(), ids, body.Pin, ct);
        return TypedResults.Ok(new BatchApproveResponse(results, results.Count(r => r.Succeeded), results.Count(r => !r.Succeeded)));
    }

    private static async Task<Results<Ok<ApprovalResult>, ProblemHttpResult>> Reject(
        Guid id, RejectRequest? body, HttpContext http, ApprovalDecisions decisions, CancellationToken ct)
    {
        var reason = body?.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 1000)
            return Problems.Validation("'reason' is required (at most 1000 characters): the issuing system receives it.");
        var result = await decisions.RejectAsync(http.Account(), id, reason, ct);
        return result.Succeeded ? TypedResults.Ok(result) : Problems.Of(StatusOf(result.Code!), result.Code!, result.Detail ?? result.Code!);
    }

    private static ProblemHttpResult NotYours(Guid id) =>
        Problems.Of(StatusCodes.Status404NotFound, InboxCodes.NotYourDocument, $"Document {id} is not in your inbox.");

    private static int StatusOf(string code) => code switch
    {
        InboxCodes.NotYourDocument => StatusCodes.Status404NotFound,
        InboxCodes.ParafIncomplete or InboxCodes.AlreadyDecided or Signing.DocumentSigning.OriginalMismatch => StatusCodes.Status409Conflict,
        _ => Problems.StatusOf(code),
    };
}
