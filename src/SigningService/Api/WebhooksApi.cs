using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Extensions;

namespace SigningService.Api;

public sealed record WebhookDeliveryView(
    Guid Id, Guid DocumentId, string Event, string Url, string Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, int? LastStatusCode, string? LastError)
{
    public static WebhookDeliveryView Of(WebhookDelivery w) => new(
        w.Id, w.DocumentId, w.Event, w.Url, w.Status.ToString().ToLowerInvariant(), w.Attempts, w.CreatedAt,
        w.Status == WebhookStatus.Pending ? w.NextAttemptAt : null, w.DeliveredAt, w.LastStatusCode, w.LastError);
}

/// <summary>Webhook deliveries of the client's documents: see what failed, and replay it.</summary>
public static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/webhooks")
            .RequireAuthorization(ApiKeyAuthenticationHandler.SchemeName)
            .RequireRateLimiting(RateLimits.PerClient)
            .WithTags("Webhooks");
        group.MapGet("/", List).WithSummary("Deliveries, newest first; filter by status (pending, delivered, failed) or document");
        group.MapPost("/{id:guid}/replay", Replay).WithSummary("Send a delivery again (e.g. after it failed)");
        return group;
    }

    private static async Task<Results<Ok<List<WebhookDeliveryView>>, ProblemHttpResult>> List(
        ClaimsPrincipal user, SigningDbContext db, CancellationToken ct, string? status = null, Guid? documentId = null)
    {
        var clientId = user.ClientId();
        var query = db.WebhookDeliveries.AsNoTracking().Where(w => w.IssuingClientId == clientId);
        if (status is not null)
        {
            if (!Enum.TryParse<WebhookStatus>(status, ignoreCase: true, out var s))
                return Problems.Validation("'status' is pending, delivered or failed.");
            query = query.Where(w => w.Status == s);
        }
        if (documentId is { } doc)
            query = query.Where(w => w.DocumentId == doc);
        var rows = await query.OrderByDescending(w => w.CreatedAt).Take(200).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(WebhookDeliveryView.Of).ToList());
    }

    private static async Task<Results<Ok<WebhookDeliveryView>, ProblemHttpResult>> Replay(
        Guid id, ClaimsPrincipal user, AuditedSave save, TimeProvider clock, CancellationToken ct)
    {
        var clientId = user.ClientId();
        var delivery = await save.Db.WebhookDeliveries.SingleOrDefaultAsync(w => w.Id == id && w.IssuingClientId == clientId, ct);
        if (delivery is null)
            return Problems.NotFound($"Webhook delivery {id}");
        delivery.Status = WebhookStatus.Pending;
        delivery.Attempts = 0;
        delivery.NextAttemptAt = clock.GetUtcNow();
        save.Record($"client:{clientId}", "webhook.replay", delivery.DocumentId, new { delivery = id });
        await save.SaveAsync(ct);
        return TypedResults.Ok(WebhookDeliveryView.Of(delivery));
    }
}
