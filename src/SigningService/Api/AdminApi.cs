using Microsoft.AspNetCore.Http.HttpResults;
using SigningService.Accounts;
using SigningService.Approval;
using SigningService.Extensions;

namespace SigningService.Api;

public sealed record ResetAccountRequest(string? Password);

/// <summary>
/// Administration for the admin role: accounts (create with roles and linked official, change, reset), Plh/Plt
/// delegations (create, end), paraf chains of document types, issuing clients (create: API key shown once;
/// revoke). Thin: the services do the work, and the web UI calls the same services.
/// </summary>
public static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin")
            .RequireAuthorization(ApprovalExtensions.AdminPolicy)
            .RequireRateLimiting(RateLimits.PerClient)
            .AddEndpointFilter<AccountFilter>()
            .WithTags("Administration")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/accounts", async (AccountAdministration accounts, CancellationToken ct) => TypedResults.Ok(await accounts.ListAsync(ct)));
        group.MapPost("/accounts", CreateAccount).WithSummary("Create an account; its authenticator key is in the answer, once");
        group.MapPut("/accounts/{id:guid}", async (Guid id, AccountRequest body, HttpContext http, AccountAdministration accounts, CancellationToken ct) =>
            TypedResults.Ok(await accounts.UpdateAsync(http.UserName(), id, body, ct))).WithSummary("Change roles, linked official, jabatan, e-mail, active");
        group.MapPost("/accounts/{id:guid}/reset", async (Guid id, ResetAccountRequest body, HttpContext http, AccountAdministration accounts, CancellationToken ct) =>
            TypedResults.Ok(await accounts.ResetAsync(http.UserName(), id, body.Password, ct))).WithSummary("New password and authenticator key");

        group.MapGet("/signatories", async (ApprovalAdministration admin, CancellationToken ct) => TypedResults.Ok(await admin.SignatoriesAsync(ct)))
            .WithSummary("Officials and e-seals (to link accounts and name delegations)");
        group.MapPost("/signatories", async (SignatoryRequest body, HttpContext http, OrganisationAdministration organisation, CancellationToken ct) =>
            TypedResults.Created($"/api/v1/admin/signatories/{await organisation.RegisterSignatoryAsync(http.UserName(), body, ct)}"))
            .WithSummary("Register an official or e-seal: OPD, NIP, jabatan, token label, key label, certificate (PEM)");
        group.MapPut("/signatories/{id:guid}", async (Guid id, SignatoryUpdate body, HttpContext http, OrganisationAdministration organisation, CancellationToken ct) =>
        {
            await organisation.UpdateSignatoryAsync(http.UserName(), id, body, ct);
            return TypedResults.NoContent();
        }).WithSummary("Renew the certificate, move the key to another token, change the jabatan, (de)activate");
        group.MapGet("/opds", async (ApprovalAdministration admin, CancellationToken ct) => TypedResults.Ok(await admin.OpdsAsync(ct)));
        group.MapPost("/opds", async (OpdRequest body, HttpContext http, OrganisationAdministration organisation, CancellationToken ct) =>
        {
            var opd = await organisation.CreateOpdAsync(http.UserName(), body, ct);
            return TypedResults.Created($"/api/v1/admin/opds/{opd.Id}", opd);
        }).WithSummary("Create an OPD");
        group.MapGet("/delegations", async (ApprovalAdministration admin, CancellationToken ct, bool includeEnded = false) =>
            TypedResults.Ok(await admin.DelegationsAsync(includeEnded, ct)));
        group.MapPost("/delegations", CreateDelegation).WithSummary("Create a Plh/Plt order");
        group.MapPost("/delegations/{id:guid}/end", async (Guid id, HttpContext http, ApprovalAdministration admin, CancellationToken ct) =>
            TypedResults.Ok(await admin.EndDelegationAsync(http.UserName(), id, ct))).WithSummary("End an order now (documents route back to the head)");

        group.MapGet("/document-types/{code}/paraf-chain", async (string code, ApprovalAdministration admin, CancellationToken ct) =>
            TypedResults.Ok(await admin.ParafChainAsync(code, ct)));
        group.MapPut("/document-types/{code}/paraf-chain", async (string code, List<ParafStepRequest> steps, HttpContext http, ApprovalAdministration admin, CancellationToken ct) =>
            TypedResults.Ok(await admin.SetParafChainAsync(http.UserName(), code, steps, ct))).WithSummary("Replace the ordered paraf chain (empty list: none)");

        group.MapGet("/issuing-clients", async (IssuingClientAdministration clients, CancellationToken ct) => TypedResults.Ok(await clients.ListAsync(ct)));
        group.MapPost("/issuing-clients", CreateIssuingClient).WithSummary("Create an issuing client; API key and webhook secret shown once");
        group.MapPost("/issuing-clients/{id:guid}/revoke", async (Guid id, HttpContext http, IssuingClientAdministration clients, CancellationToken ct) =>
            TypedResults.Ok(await clients.RevokeAsync(http.UserName(), id, ct))).WithSummary("Revoke the client's API key");
        return group;
    }

    private static async Task<Created<AccountSecrets>> CreateAccount(AccountRequest body, HttpContext http, AccountAdministration accounts, CancellationToken ct)
    {
        var created = await accounts.CreateAsync(http.UserName(), body, ct);
        return TypedResults.Created($"/api/v1/admin/accounts/{created.Account.Id}", created);
    }

    private static async Task<Created<DelegationAdminView>> CreateDelegation(DelegationRequest body, HttpContext http, ApprovalAdministration admin, CancellationToken ct)
    {
        var created = await admin.CreateDelegationAsync(http.UserName(), body, ct);
        return TypedResults.Created($"/api/v1/admin/delegations/{created.Id}", created);
    }

    private static async Task<Created<IssuingClientCreated>> CreateIssuingClient(
        IssuingClientRequest body, HttpContext http, IssuingClientAdministration clients, CancellationToken ct)
    {
        var created = await clients.CreateAsync(http.UserName(), body, ct);
        return TypedResults.Created($"/api/v1/admin/issuing-clients/{created.Client.Id}", created);
    }
}
