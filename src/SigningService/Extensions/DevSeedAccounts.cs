using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Domain.Approval;
using SigningService.Options;

namespace SigningService.Extensions;

/// <summary>
/// Development only: inbox accounts for the seeded officials and staff, all with password DevSeed:OfficialPassword
/// and the one TOTP secret DevSeed:TotpSecret — admin; kadis, sekretaris, kabid (signers linked to their dev tokens
/// dev-kadis …; sekretaris and kabid also paraf); kasi (paraf staff) — and the document type demo-kadis-paraf,
/// signed by the Kepala Dinas after the paraf chain Kasi → Kabid → Sekretaris. Runs once, when there are no accounts.
/// </summary>
internal static class DevSeedAccounts
{
    public const string ParafType = "demo-kadis-paraf";

    // Identity keeps the authenticator key as a user token of its own store under these names.
    private const string AuthenticatorStore = "[AspNetUserStore]";
    private const string AuthenticatorKeyName = "AuthenticatorKey";

    public static async Task SeedAsync(IServiceProvider services, DevSeedOptions options, ILogger log)
    {
        var save = services.GetRequiredService<AuditedSave>();
        var db = save.Db;
        if (await db.Users.AnyAsync())
            return;
        var opd = await db.Opds.SingleOrDefaultAsync(o => o.Code == "dpmptsp");
        if (opd is null)
            return;
        var signatories = await db.Signatories.Where(s => s.OpdId == opd.Id && s.Kind == SignatoryKind.Official)
            .ToDictionaryAsync(s => s.TokenLabel ?? s.Name);
        var users = services.GetRequiredService<UserManager<Account>>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        async Task<Account> Create(string userName, string displayName, string? token, string? position, params string[] roles)
        {
            var signatory = token is null ? null : signatories[token];
            var account = new Account
            {
                UserName = userName, DisplayName = signatory?.Name ?? displayName, Email = $"{userName}@dpmptsp.malangkota.go.id", EmailConfirmed = true,
                SignatoryId = signatory?.Id, OpdId = opd.Id, Position = position ?? signatory?.Position, TwoFactorEnabled = true, CreatedAt = now,
            };
            Check(await users.CreateAsync(account, options.OfficialPassword), userName);
            Check(await users.AddToRolesAsync(account, roles), userName);
            Check(await users.SetAuthenticationTokenAsync(account, AuthenticatorStore, AuthenticatorKeyName, options.TotpSecret), userName);
            return account;
        }

        await Create("admin", "Administrator TTE", null, "Pranata Komputer", AccountRoles.Admin);
        await Create("kadis", "", "dev-kadis", null, AccountRoles.Signer);
        var sekretaris = await Create("sekretaris", "", "dev-sekretaris", null, AccountRoles.Signer, AccountRoles.Paraf);
        var kabid = await Create("kabid", "", "dev-kabid", null, AccountRoles.Signer, AccountRoles.Paraf);
        var kasi = await Create("kasi", "Rina Kusuma", null, "Kepala Seksi Perizinan", AccountRoles.Paraf);

        var type = await db.DocumentTypes.SingleOrDefaultAsync(t => t.Code == ParafType);
        if (type is null)
        {
            type = new DocumentType
            {
                OpdId = opd.Id, Code = ParafType, Name = "Izin Usaha (paraf berjenjang, TTE Kepala Dinas)", SignatureKind = SignatoryKind.Official,
                DefaultSignatoryId = signatories["dev-kadis"].Id, Level = "B-LTA",
            };
            db.DocumentTypes.Add(type);
            db.ParafSteps.AddRange(
                new ParafStep { DocumentTypeId = type.Id, Order = 1, Position = "Kepala Seksi Perizinan", AccountId = kasi.Id },
                new ParafStep { DocumentTypeId = type.Id, Order = 2, Position = kabid.Position!, AccountId = kabid.Id },
                new ParafStep { DocumentTypeId = type.Id, Order = 3, Position = sekretaris.Position!, AccountId = sekretaris.Id });
        }
        save.Record("dev-seed", "seed.accounts", null, new { accounts = new[] { "admin", "kadis", "sekretaris", "kabid", "kasi" }, parafType = ParafType });
        await save.SaveAsync(CancellationToken.None);
        log.LogWarning("DEV seed: inbox accounts admin, kadis, sekretaris, kabid, kasi (DevSeed:OfficialPassword, DevSeed:TotpSecret) and type {Type}", ParafType);
    }

    private static void Check(IdentityResult result, string userName)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Dev seed account '{userName}': {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}
