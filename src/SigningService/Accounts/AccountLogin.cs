using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SigningService.Approval;
using SigningService.Data;
using SigningService.Domain.Approval;

namespace SigningService.Accounts;

/// <summary>
/// Password + TOTP login (RFC 6238, Identity's authenticator provider) and TOTP enrolment. Anyone with the
/// signer role must have two-factor login enabled: a signer without it is refused until they enrol. Every
/// failure looks the same to the caller (login-failed), so the answer reveals no account names; wrong
/// passwords and codes count towards Identity's lockout.
/// </summary>
public sealed class AccountLogin(
    UserManager<Account> users, IUserClaimsPrincipalFactory<Account> principals, AuditedSave save)
{
    public async Task<ClaimsPrincipal> LoginAsync(string? userName, string? password, string? totpCode, CancellationToken ct)
    {
        var account = await CheckPasswordAsync(userName, password, ct);
        var isSigner = await users.IsInRoleAsync(account, AccountRoles.Signer);
        if (isSigner && !account.TwoFactorEnabled)
        {
            throw new RequestRefusedException(StatusCodes.Status403Forbidden, InboxCodes.TwoFactorRequired,
                "Signers must log in with an authenticator code: enrol first (POST /api/v1/auth/two-factor with your password and a code " +
                "from the key your administrator gave you).", new Dictionary<string, object?> { ["enrolled"] = false });
        }
        if (account.TwoFactorEnabled)
        {
            if (string.IsNullOrWhiteSpace(totpCode))
                throw new RequestRefusedException(StatusCodes.Status401Unauthorized, InboxCodes.TwoFactorRequired,
                    "Send the 6-digit code of your authenticator app as 'totpCode'.", new Dictionary<string, object?> { ["enrolled"] = true });
            if (!await users.VerifyTwoFactorTokenAsync(account, users.Options.Tokens.AuthenticatorTokenProvider, Clean(totpCode)))
            {
                await users.AccessFailedAsync(account);
                await AuditAsync(account, "account.login-failed", new { reason = "totp" }, ct);
                throw Failed();
            }
        }
        await users.ResetAccessFailedCountAsync(account);
        await AuditAsync(account, "account.login", new { twoFactor = account.TwoFactorEnabled }, ct);
        return await principals.CreateAsync(account);
    }

    /// <summary>Turns on two-factor login after checking the password and a code from the enrolled authenticator key.</summary>
    public async Task EnableTwoFactorAsync(string? userName, string? password, string? totpCode, CancellationToken ct)
    {
        var account = await CheckPasswordAsync(userName, password, ct);
        if (string.IsNullOrWhiteSpace(totpCode) || await users.GetAuthenticatorKeyAsync(account) is null
            || !await users.VerifyTwoFactorTokenAsync(account, users.Options.Tokens.AuthenticatorTokenProvider, Clean(totpCode)))
        {
            await users.AccessFailedAsync(account);
            throw Failed();
        }
        await users.SetTwoFactorEnabledAsync(account, true);
        await AuditAsync(account, "account.two-factor-enabled", null, ct);
    }

    private async Task<Account> CheckPasswordAsync(string? userName, string? password, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
            throw Failed();
        var account = await users.FindByNameAsync(userName.Trim());
        if (account is null || !account.Active || await users.IsLockedOutAsync(account))
            throw Failed();
        if (!await users.CheckPasswordAsync(account, password))
        {
            await users.AccessFailedAsync(account);
            await AuditAsync(account, "account.login-failed", new { reason = "password" }, ct);
            throw Failed();
        }
        return account;
    }

    private async Task AuditAsync(Account account, string action, object? details, CancellationToken ct)
    {
        // Identity saved its own changes already; this unit holds only the audit row.
        save.Db.ChangeTracker.Clear();
        save.Record($"account:{account.UserName}", action, null, details);
        await save.SaveAsync(ct);
    }

    private static string Clean(string code) => code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);

    private static RequestRefusedException Failed() =>
        new(StatusCodes.Status401Unauthorized, InboxCodes.LoginFailed,
            "The user name, password or authenticator code is wrong, or the account is locked for a while after too many tries.");
}

/// <summary>
/// The account behind a bearer token, read afresh on every request: a deactivated account, or one whose
/// password or authenticator an admin reset (a new security stamp), is refused at once even though its
/// short-lived token has not expired yet.
/// </summary>
public sealed class CurrentAccount(SigningDbContext db, IOptions<IdentityOptions> identity)
{
    public async Task<Account?> FindAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (!Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
            return null;
        var account = await db.Users.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        var stamp = user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return account is { Active: true } && string.Equals(stamp, account.SecurityStamp, StringComparison.Ordinal) ? account : null;
    }
}
