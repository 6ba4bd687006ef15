using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SigningService.Approval;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Domain.Approval;

namespace SigningService.Accounts;

public sealed record AccountView(
    Guid Id, string UserName, string DisplayName, string? Email, IReadOnlyList<string> Roles, Guid? SignatoryId, string? SignatoryName,
    Guid? OpdId, string? Position, bool Active, bool TwoFactorEnabled, DateTimeOffset? LockedOutUntil);

/// <param name="Password">Initial password (Identity's rules: 10+ characters with upper and lower case, a digit and a symbol).</param>
/// <param name="SignatoryId">The official this account signs as (required for the signer role).</param>
public sealed record AccountRequest(
    string? UserName, string? DisplayName, string? Email, string? Password, List<string>? Roles, Guid? SignatoryId, string? OpdCode,
    string? Position, bool? Active);

/// <summary>
/// A created or reset account with its authenticator key, shown this once: the person adds it to an
/// authenticator app (or scans <see cref="AuthenticatorUri"/>) and then enrols with a code from it.
/// </summary>
public sealed record AccountSecrets(AccountView Account, string AuthenticatorKey, string AuthenticatorUri);

/// <summary>Admin work on accounts: create with roles and a linked official, change, reset (password and authenticator).</summary>
public sealed class AccountAdministration(UserManager<Account> users, AuditedSave save, TimeProvider clock)
{
    private SigningDbContext Db => save.Db;

    public async Task<IReadOnlyList<AccountView>> ListAsync(CancellationToken ct)
    {
        var accounts = await Db.Users.AsNoTracking().OrderBy(a => a.UserName).ToListAsync(ct);
        var views = new List<AccountView>();
        foreach (var account in accounts)
            views.Add(await ViewAsync(account, ct));
        return views;
    }

    public async Task<AccountSecrets> CreateAsync(string admin, AccountRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrWhiteSpace(request.DisplayName) || string.IsNullOrEmpty(request.Password))
            throw RequestRefusedException.Invalid("'userName', 'displayName' and 'password' are required.");
        var roles = await CheckRolesAsync(request, request.SignatoryId, ct);
        var account = new Account
        {
            UserName = request.UserName.Trim(), DisplayName = request.DisplayName.Trim(), Email = request.Email?.Trim(), EmailConfirmed = request.Email is not null,
            SignatoryId = request.SignatoryId, OpdId = await OpdIdAsync(request.OpdCode, request.SignatoryId, ct), Position = request.Position?.Trim(),
            Active = request.Active ?? true, CreatedAt = clock.GetUtcNow(),
        };
        Check(await users.CreateAsync(account, request.Password));
        Check(await users.AddToRolesAsync(account, roles));
        var key = await NewAuthenticatorKeyAsync(account);
        await AuditAsync(admin, "account.created", new { account = account.UserName, roles, signatory = account.SignatoryId }, ct);
        return new AccountSecrets(await ViewAsync(account, ct), key, AuthenticatorUri(account, key));
    }

    public async Task<AccountView> UpdateAsync(string admin, Guid id, AccountRequest request, CancellationToken ct)
    {
        var account = await users.FindByIdAsync(id.ToString()) ?? throw RequestRefusedException.NotFound($"Account {id}");
        var signatoryId = request.SignatoryId ?? account.SignatoryId;
        var roles = request.Roles is null ? (await users.GetRolesAsync(account)).ToList() : await CheckRolesAsync(request, signatoryId, ct);
        if (request.DisplayName is { } name)
            account.DisplayName = name.Trim();
        if (request.Email is { } email)
            account.Email = email.Trim();
        if (request.Position is { } position)
            account.Position = position.Trim();
        if (request.OpdCode is not null || request.SignatoryId is not null)
            account.OpdId = await OpdIdAsync(request.OpdCode, signatoryId, ct);
        account.SignatoryId = signatoryId;
        if (request.Active is { } active && active != account.Active)
        {
            account.Active = active;
            await users.UpdateSecurityStampAsync(account); // tokens of a switched-off account stop working at once
        }
        Check(await users.UpdateAsync(account));
        var current = await users.GetRolesAsync(account);
        Check(await users.RemoveFromRolesAsync(account, current.Except(roles)));
        Check(await users.AddToRolesAsync(account, roles.Except(current)));
        await AuditAsync(admin, "account.updated", new { account = account.UserName, roles, signatory = account.SignatoryId, account.Active }, ct);
        return await ViewAsync(account, ct);
    }

    /// <summary>New password and a new authenticator key; two-factor login must be enrolled again and old tokens stop working.</summary>
    public async Task<AccountSecrets> ResetAsync(string admin, Guid id, string? newPassword, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(newPassword))
            throw RequestRefusedException.Invalid("'password' (the new password) is required.");
        var account = await users.FindByIdAsync(id.ToString()) ?? throw RequestRefusedException.NotFound($"Account {id}");
        Check(await users.RemovePasswordAsync(account));
        Check(await users.AddPasswordAsync(account, newPassword));
        Check(await users.SetTwoFactorEnabledAsync(account, false));
        Check(await users.SetLockoutEndDateAsync(account, null));
        Check(await users.ResetAccessFailedCountAsync(account));
        var key = await NewAuthenticatorKeyAsync(account);
        await AuditAsync(admin, "account.reset", new { account = account.UserName }, ct);
        return new AccountSecrets(await ViewAsync(account, ct), key, AuthenticatorUri(account, key));
    }

    private async Task<List<string>> CheckRolesAsync(AccountRequest request, Guid? signatoryId, CancellationToken ct)
    {
        var roles = (request.Roles ?? []).Select(r => r.Trim().ToLowerInvariant()).Distinct().ToList();
        if (roles.Count == 0 || roles.Any(r => !AccountRoles.All.Contains(r)))
            throw RequestRefusedException.Invalid($"'roles' is one or more of: {string.Join(", ", AccountRoles.All)}.");
        if (signatoryId is { } id)
        {
            var signatory = await Db.Signatories.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct)
                            ?? throw RequestRefusedException.Invalid($"Signatory {id} does not exist.");
            if (signatory.Kind != SignatoryKind.Official)
                throw RequestRefusedException.Invalid("An account can only be linked to an official, not to an e-seal.");
        }
        else if (roles.Contains(AccountRoles.Signer))
        {
            throw RequestRefusedException.Invalid("A signer must be linked to their official ('signatoryId').");
        }
        return roles;
    }

    private async Task<Guid?> OpdIdAsync(string? opdCode, Guid? signatoryId, CancellationToken ct)
    {
        if (opdCode is not null)
            return (await Db.Opds.AsNoTracking().SingleOrDefaultAsync(o => o.Code == opdCode, ct))?.Id
                   ?? throw RequestRefusedException.Invalid($"OPD '{opdCode}' does not exist.");
        return signatoryId is { } id ? await Db.Signatories.Where(s => s.Id == id).Select(s => (Guid?)s.OpdId).SingleOrDefaultAsync(ct) : null;
    }

    private async Task<string> NewAuthenticatorKeyAsync(Account account)
    {
        Check(await users.ResetAuthenticatorKeyAsync(account));
        return await users.GetAuthenticatorKeyAsync(account) ?? throw new InvalidOperationException("Identity stored no authenticator key.");
    }

    private async Task<AccountView> ViewAsync(Account account, CancellationToken ct)
    {
        var roles = await Db.UserRoles.Where(r => r.UserId == account.Id)
            .Join(Db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).OrderBy(n => n).ToListAsync(ct);
        var signatory = account.SignatoryId is { } id ? await Db.Signatories.Where(s => s.Id == id).Select(s => s.Name).SingleOrDefaultAsync(ct) : null;
        return new AccountView(account.Id, account.UserName ?? "", account.DisplayName, account.Email, roles, account.SignatoryId, signatory,
            account.OpdId, account.Position, account.Active, account.TwoFactorEnabled, account.LockoutEnd > clock.GetUtcNow() ? account.LockoutEnd : null);
    }

    private async Task AuditAsync(string admin, string action, object details, CancellationToken ct)
    {
        save.Record($"account:{admin}", action, null, details);
        await save.SaveAsync(ct);
    }

    /// <summary>otpauth URI (Google Authenticator key URI format) for a QR code in the UI.</summary>
    public static string AuthenticatorUri(Account account, string key) =>
        $"otpauth://totp/{UrlEncoder.Default.Encode("SigningService")}:{UrlEncoder.Default.Encode(account.UserName ?? "")}" +
        $"?secret={key}&issuer={UrlEncoder.Default.Encode("SigningService")}&digits=6";

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw RequestRefusedException.Invalid(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
