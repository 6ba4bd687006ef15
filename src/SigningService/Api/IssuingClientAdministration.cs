using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using SigningService.Approval;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Signing;

namespace SigningService.Api;

public sealed record IssuingClientRequest(string? Name, List<string>? OpdCodes);

public sealed record IssuingClientView(Guid Id, string Name, string ApiKeyPrefix, IReadOnlyList<string> Opds, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A new client with its API key and webhook secret, shown this once (only the key's hash is kept).</summary>
public sealed record IssuingClientCreated(IssuingClientView Client, string ApiKey, string WebhookSecret);

/// <summary>Admin work on issuing systems: create (API key shown once) and revoke.</summary>
public sealed class IssuingClientAdministration(AuditedSave save, WebhookSecrets secrets, TimeProvider clock)
{
    private SigningDbContext Db => save.Db;

    public async Task<IReadOnlyList<IssuingClientView>> ListAsync(CancellationToken ct)
    {
        var clients = await Db.IssuingClients.AsNoTracking().Include(c => c.Opds).OrderBy(c => c.Name).ToListAsync(ct);
        var opds = await Db.Opds.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Code, ct);
        return clients.Select(c => View(c, opds)).ToList();
    }

    public async Task<IssuingClientCreated> CreateAsync(string admin, IssuingClientRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200 || request.OpdCodes is not { Count: > 0 })
            throw RequestRefusedException.Invalid("'name' (at most 200 characters) and 'opdCodes' (the OPDs it submits for) are required.");
        var opds = await Db.Opds.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Code, ct);
        var unknown = request.OpdCodes.Where(code => !opds.ContainsValue(code)).ToList();
        if (unknown.Count > 0)
            throw RequestRefusedException.Invalid($"Unknown OPD(s): {string.Join(", ", unknown)}.");
        var key = ApiKeys.Create();
        var webhookSecret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var client = new IssuingClient
        {
            Name = request.Name.Trim(), ApiKeyPrefix = ApiKeys.Prefix(key), ApiKeyHash = ApiKeys.Hash(key),
            ProtectedWebhookSecret = secrets.Protect(webhookSecret), CreatedAt = clock.GetUtcNow(),
        };
        foreach (var opdId in opds.Where(o => request.OpdCodes.Contains(o.Value)).Select(o => o.Key))
            client.Opds.Add(new IssuingClientOpd { IssuingClientId = client.Id, OpdId = opdId });
        Db.IssuingClients.Add(client);
        save.Record($"account:{admin}", "issuing-client.created", null, new { id = client.Id, client.Name, prefix = client.ApiKeyPrefix, opds = request.OpdCodes });
        await save.SaveAsync(ct);
        return new IssuingClientCreated(View(client, opds), key, webhookSecret);
    }

    /// <summary>The key stops working at once; the client's documents stay as they are.</summary>
    public async Task<IssuingClientView> RevokeAsync(string admin, Guid id, CancellationToken ct)
    {
        var client = await Db.IssuingClients.Include(c => c.Opds).SingleOrDefaultAsync(c => c.Id == id, ct)
                     ?? throw RequestRefusedException.NotFound($"Issuing client {id}");
        if (client.RevokedAt is not null)
            throw new RequestRefusedException(StatusCodes.Status409Conflict, InboxCodes.InvalidState, $"Issuing client {id} is already revoked.");
        client.RevokedAt = clock.GetUtcNow();
        save.Record($"account:{admin}", "issuing-client.revoked", null, new { id, client.Name });
        await save.SaveAsync(ct);
        return View(client, await Db.Opds.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Code, ct));
    }

    private static IssuingClientView View(IssuingClient c, IReadOnlyDictionary<Guid, string> opds) =>
        new(c.Id, c.Name, c.ApiKeyPrefix, c.Opds.Select(o => opds[o.OpdId]).Order().ToList(), c.CreatedAt, c.RevokedAt);
}
