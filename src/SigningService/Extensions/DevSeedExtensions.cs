using Microsoft.EntityFrameworkCore;
using Signing.Cms;
using SigningService.Api;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Options;

namespace SigningService.Extensions;

/// <summary>
/// Development only: the sample Pemda, OPD and officials of certs-dev, the OPD e-seal, document types
/// demo-eseal (sealed automatically) and demo-kadis (signed by the Kepala Dinas), and one issuing client
/// whose API key is DevSeed:IssuingClientApiKey. Runs once, on an empty database. The inbox accounts and the
/// paraf-chain type come from <see cref="DevSeedAccounts"/>.
/// </summary>
public static class DevSeedExtensions
{
    public static async Task SeedDevDataAsync(this WebApplication app)
    {
        var options = app.Configuration.GetSection("DevSeed").Get<DevSeedOptions>() ?? new DevSeedOptions();
        var certsDev = DevPkiExtensions.CertsDevFolder(app);
        if (!app.Environment.IsDevelopment() || !options.Enabled || certsDev is null)
            return;
        await using var scope = app.Services.CreateAsyncScope();
        var save = scope.ServiceProvider.GetRequiredService<AuditedSave>();
        var db = save.Db;
        if (await db.Pemdas.AnyAsync())
        {
            // A dev database from before the inbox existed gets its accounts now.
            await DevSeedAccounts.SeedAsync(scope.ServiceProvider, options, app.Logger);
            return;
        }

        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var pemda = new Pemda { Code = "malang", Name = "Pemerintah Kota Malang" };
        var opd = new Opd { PemdaId = pemda.Id, Code = "dpmptsp", Name = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu" };
        Signatory Load(string name, SignatoryKind kind)
        {
            var der = PemCertificates.Read(File.ReadAllText(Path.Combine(certsDev, name + ".pem")))[0];
            var summary = CertificateInfo.Describe(der);
            return new Signatory
            {
                OpdId = opd.Id, Kind = kind, Name = summary.CommonName, Nip = kind == SignatoryKind.Official ? summary.SerialNumberAttribute : null,
                Position = summary.Title ?? (kind == SignatoryKind.ESeal ? "Segel Elektronik" : "Pejabat"),
                Certificate = der, CertificateNotAfter = summary.NotAfter, TokenLabel = "dev-" + name, KeyLabel = "sign",
            };
        }
        var kadis = Load("kadis", SignatoryKind.Official);
        var eseal = Load("eseal", SignatoryKind.ESeal);
        var client = new IssuingClient
        {
            Name = "Aplikasi Perizinan (dev)",
            ApiKeyPrefix = ApiKeys.Prefix(options.IssuingClientApiKey),
            ApiKeyHash = ApiKeys.Hash(options.IssuingClientApiKey),
            ProtectedWebhookSecret = scope.ServiceProvider.GetRequiredService<Signing.WebhookSecrets>().Protect(DevWebhookSecret),
            CreatedAt = now,
        };
        client.Opds.Add(new IssuingClientOpd { IssuingClientId = client.Id, OpdId = opd.Id });
        db.Pemdas.Add(pemda);
        db.Opds.Add(opd);
        db.Signatories.AddRange(kadis, eseal, Load("sekretaris", SignatoryKind.Official), Load("kabid", SignatoryKind.Official));
        db.DocumentTypes.AddRange(
            new DocumentType { OpdId = opd.Id, Code = "demo-eseal", Name = "Surat Keterangan (segel elektronik)", SignatureKind = SignatoryKind.ESeal, DefaultSignatoryId = eseal.Id, Level = "B-B", PublicDownload = true },
            new DocumentType { OpdId = opd.Id, Code = "demo-kadis", Name = "Izin Usaha (TTE Kepala Dinas)", SignatureKind = SignatoryKind.Official, DefaultSignatoryId = kadis.Id, Level = "B-LTA" });
        db.IssuingClients.Add(client);
        save.Record("dev-seed", "seed.created", null, new { pemda = pemda.Name, opd = opd.Name, client = client.Name });
        await save.SaveAsync(CancellationToken.None);
        app.Logger.LogWarning("DEV seed: Pemda, OPD, officials and issuing client created (API key from DevSeed:IssuingClientApiKey)");
        await DevSeedAccounts.SeedAsync(scope.ServiceProvider, options, app.Logger);
    }

    /// <summary>HMAC secret of the dev client's webhooks (public: the dev seed has no secrets).</summary>
    public const string DevWebhookSecret = "dev-webhook-secret";
}
