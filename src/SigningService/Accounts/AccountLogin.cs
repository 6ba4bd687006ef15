using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SigningService.Approval;
using SigningService.Data;
using SigningService.Domain.Approval;

namespace SigningService.Accounts;

/// <summary>What a correct password leads to: the authenticator code next, enrolment first (a signer without it), or done.</summary>
public enum SecondStep
{
    None,
    Totp,
    Enrol,
}

/// <summary>A correct password: the account, what must follow, and when nothing must, the logged-in principal.</summary>
public sealed record PasswordStep(Account Account, SecondStep Next, ClaimsPrincipal? Principal);

/// <summary>
/// Password + TOTP login (RFC 6238, Identity's authenticator provider) and TOTP enrolment. Anyone with the
/// signer role must have two-factor login enabled: a signer without it is refused until they enrol. Every
/// failure looks the same to the caller (login-failed), so the answer reveals no account names; wrong
/// passwords and codes count towards Identity's lockout. The JSON API takes all three in one request
/// (<see cref="LoginAsync"/>); the web UI asks for them in steps (<see cref="PasswordStepAsync"/>, then
/// <see cref="TotpStepAsync"/> or <see cref="EnrolStepAsync"/>), each step with the same checks.
/// </summary>
public sealed class AccountLogin(
    UserManager<Account> users, IUserClaimsPrincipalFactory<Account> principals, AuditedSave save)
{
    public async Task<ClaimsPrincipal> LoginAsync(string? userName, string? password, string? totpCode, CancellationToken ct)
    {
        var (account, next, principal) = await PasswordStepAsync(userName, password, ct);
        if (principal is not null)
            return principal;
        if (next == SecondStep.Enrol)
        {
            throw new RequestRefusedException(StatusCodes.Status403Forbidden, InboxCodes.TwoFactorRequired,
                "Signers must log in with an authenticator code: enrol first (POST /api/v1/auth/two-factor with your password and a code " +
                "from the key your administrator gave you).", new Dictionary<string, object?> { ["enrolled"] = false });
        }
        if (string.IsNullOrWhiteSpace(totpCode))
            throw new RequestRefusedException(StatusCodes.Status401Unauthorized, InboxCodes.TwoFactorRequired,
                "Send the 6-digit code of your authenticator app as 'totpCode'.", new Dictionary<string, object?> { ["enrolled"] = true });
        await CheckTotpAsync(account, totpCode, ct);
        return await CompleteAsync(account, ct);
    }

    /// <summary>
    /// Checks the password and says what must follow: the authenticator code (enrolled), enrolment (a signer who
    /// has not), or nothing (an account without two-factor login that needs none: logged in now). For the next
    /// step the caller carries the account's id and security stamp; until then nobody is logged in.
    /// </summary>
    public async Task<PasswordStep> PasswordStepAsync(string? userName, string? password, CancellationToken ct)
    {
        var account = await CheckPasswordAsync(userName, password, ct);
        if (account.TwoFactorEnabled)
            return new PasswordStep(account, SecondStep.Totp, null);
        if (await users.IsInRoleAsync(account, AccountRoles.Signer))
            return new PasswordStep(account, SecondStep.Enrol, null);
        return new PasswordStep(account, SecondStep.None, await CompleteAsync(account, ct));
    }

    /// <summary>
    /// The account a finished password step named, if it may still go on: the same security stamp (no reset or
    /// deactivation since), active and not locked out. Null otherwise.
    /// </summary>
    public async Task<Account?> PendingAsync(Guid accountId, string? securityStamp)
    {
        var account = await users.FindByIdAsync(accountId.ToString());
        return account is { Active: true } && string.Equals(account.SecurityStamp, securityStamp, StringComparison.Ordinal)
               && !await users.IsLockedOutAsync(account) ? account : null;
    }

    /// <summary>The second step: the authenticator code of an account whose password was just checked.</summary>
    public async Task<ClaimsPrincipal> TotpStepAsync(Account account, string? totpCode, CancellationToken ct)
    {
        if (!account.TwoFactorEnabled || string.IsNullOrWhiteSpace(totpCode))
            throw Failed();
        await CheckTotpAsync(account, totpCode, ct);
        return await CompleteAsync(account, ct);
    }

    /// <summary>
    /// The authenticator key to enrol (the one the administrator handed out; a new one when there is none), only
    /// for an account that has not enrolled: an enrolled key is never shown again.
    /// </summary>
    public async Task<(string Key, string Uri)> EnrolmentKeyAsync(Account account)
    {
        if (account.TwoFactorEnabled)
            throw new RequestRefusedException(StatusCodes.Status409Conflict, InboxCodes.InvalidState, "Two-factor login is already enrolled.");
        var key = await users.GetAuthenticatorKeyAsync(account);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(account);
            key = await users.GetAuthenticatorKeyAsync(account) ?? throw new InvalidOperationException("Identity stored no authenticator key.");
        }
        return (key, AccountAdministration.AuthenticatorUri(account, key));
    }

    /// <summary>Enrols (a code from the key proves the app has it) and logs in: password and code are both checked now.</summary>
    public async Task<ClaimsPrincipal> EnrolStepAsync(Account account, string? totpCode, CancellationToken ct)
    {
        await EnableAsync(account, totpCode, ct);
        // Its audit row cleared the change tracker; Identity updates only an account it tracks, so read it again.
        var enrolled = await users.FindByIdAsync(account.Id.ToString()) ?? throw Failed();
        return await CompleteAsync(enrolled, ct);
    }

    /// <summary>Turns on two-factor login after checking the password and a code from the enrolled authenticator key.</summary>
    public async Task EnableTwoFactorAsync(string? userName, string? password, string? totpCode, CancellationToken ct) =>
        await EnableAsync(await CheckPasswordAsync(userName, password, ct), totpCode, ct);

    private async Task EnableAsync(Account account, string? totpCode, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(totpCode) || await users.GetAuthenticatorKeyAsync(account) is null
            || !await users.VerifyTwoFactorTokenAsync(account, users.Options.Tokens.AuthenticatorTokenProvider, Clean(totpCode)))
        {
            await users.AccessFailedAsync(account);
            throw Failed();
        }
        await users.SetTwoFactorEnabledAsync(account, true);
        await AuditAsync(account, "account.two-factor-enabled", null, ct);
    }

    private async Task CheckTotpAsync(Account account, string totpCode, CancellationToken ct)
    {
        if (!await users.VerifyTwoFactorTokenAsync(account, users.Options.Tokens.AuthenticatorTokenProvider, Clean(totpCode)))
        {
            await users.AccessFailedAsync(account);
            await AuditAsync(account, "account.login-failed", new { reason = "totp" }, ct);
            throw Failed();
        }
    }

    private async Task<ClaimsPrincipal> CompleteAsync(Account account, CancellationToken ct)
    {
        await users.ResetAccessFailedCountAsync(account);
        await AuditAsync(account, "account.login", new { twoFactor = account.TwoFactorEnabled }, ct);
        return await principals.CreateAsync(account);
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
