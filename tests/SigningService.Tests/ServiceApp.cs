using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SigningService.Api;
using SigningService.Data;
using SigningService.Domain;
using SigningService.Options;
using SigningService.Signing;
using TestSupport;

namespace SigningService.Tests;

public enum Provider
{
    Sqlite,
    PostgreSql,
}

/// <summary>An issuing client the tests made (besides the dev seed's), with its API key and webhook secret.</summary>
public sealed record TestIssuingClient(Guid Id, string ApiKey, string WebhookSecret);

/// <summary>
/// The whole service (Program: migrations, dev seed, worker, webhook job) in Development, on a fresh temp
/// data folder and a fresh database of one provider: SQLite in that folder, or a new PostgreSQL database
/// on the server named by SIGNING_TEST_POSTGRES (which must be set: PostgreSQL is never skipped).
/// One instance is shared by every test class of the provider's collection.
/// </summary>
public abstract class ServiceApp(Provider provider) : IAsyncLifetime
{
    public const string DevApiKey = DevSeedOptions.DefaultIssuingClientApiKey;
    public const string DevOpdCode = "dpmptsp";

    /// <summary>Small enough that a real-world PDF of a few hundred KB is over it; the samples are far under it.</summary>
    public const int MaxUploadBytes = 64 * 1024;

    /// <summary>The worker gives up on a document after this many attempts (first backoff 1 s, then 2 s).</summary>
    public const int WorkerMaxAttempts = 3;

    /// <summary>The webhook job gives up on a delivery after this many attempts.</summary>
    public const int WebhookMaxAttempts = 3;

    private readonly TempDir _data = new();
    private PostgresDatabase? _postgres;
    private Factory? _factory;

    /// <summary>What the app logged at Error or above.</summary>
    public ServerErrors Errors { get; } = new();

    /// <summary>Everything the app logged at the levels its configuration lets through.</summary>
    public LogCapture Log { get; } = new();

    /// <summary>The app's data folder (SQLite file, blobs, keys, mail).</summary>
    public string DataFolder => _data.Path;

    /// <summary>The app's PostgreSQL database, when it runs on PostgreSQL.</summary>
    public string? PostgresConnectionString => _postgres?.ConnectionString;

    public Provider Provider { get; } = provider;

    public IServiceProvider Services => (_factory ?? throw new InvalidOperationException("Not started.")).Services;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["Storage:DataFolder"] = _data.Path,
            ["DevPki:Folder"] = RepoPaths.CertsDev,
            ["DevPki:StateFolder"] = Path.Combine(_data.Path, "dev-pki-state"),
            ["Api:MaxUploadBytes"] = MaxUploadBytes.ToString(CultureInfo.InvariantCulture),
            ["Api:RequestsPerMinute"] = "100000",
            ["Worker:PollInterval"] = "00:00:00.100",
            ["Worker:FirstBackoff"] = "00:00:01",
            ["Worker:MaxAttempts"] = WorkerMaxAttempts.ToString(CultureInfo.InvariantCulture),
            ["Webhooks:IntervalSeconds"] = "1",
            ["Webhooks:MaxAttempts"] = WebhookMaxAttempts.ToString(CultureInfo.InvariantCulture),
            ["Webhooks:FirstBackoffSeconds"] = "0.2",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:SigningService.Signing"] = "Error",
            ["Notifications:IntervalSeconds"] = "0.5",
            // Quartz keeps schedulers by name in a process-wide repository: apps of one test run that shared a name
            // would share one scheduler, whose jobs then run against the first app's database and services.
            ["Scheduling:InstanceName"] = $"SigningServiceTests-{Guid.NewGuid():N}",
        };
        if (Provider == Provider.PostgreSql)
        {
            _postgres = await PostgresDatabase.CreateAsync("signingservice_tests");
            settings["Database:Provider"] = "PostgreSql";
            settings["Database:ConnectionString"] = _postgres.ConnectionString;
        }
        else
        {
            settings["Database:Provider"] = "Sqlite";
        }
        Configure(settings);
        _factory = new Factory(settings, Errors, Log, ConfigureServices);
        _ = _factory.Services; // starts the host: migrations, dev seed, worker, webhook job
    }

    /// <summary>Settings of a special-purpose app (e.g. a PKCS#11 module, verbose logging), applied last.</summary>
    protected virtual void Configure(Dictionary<string, string> settings)
    {
    }

    /// <summary>Services of a special-purpose app (e.g. a clock the test moves), registered after the app's own.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        _data.Dispose();
    }

    /// <summary>An HTTP client of the in-memory server sending "Authorization: Bearer <paramref name="apiKey"/>" (none when null).</summary>
    public HttpClient Client(string? apiKey = DevApiKey)
    {
        var client = (_factory ?? throw new InvalidOperationException("Not started.")).CreateDefaultClient(new ServerErrors.FailOn500(Errors));
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        return client;
    }

    /// <summary>
    /// A client like a browser for the web UI: it keeps cookies and does not follow redirects (the tests look at them).
    /// No Authorization header.
    /// </summary>
    public HttpClient BrowserClient() =>
        (_factory ?? throw new InvalidOperationException("Not started.")).CreateDefaultClient(
            new ServerErrors.FailOn500(Errors), new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler());

    public async Task<T> WithDb<T>(Func<SigningDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<SigningDbContext>());
    }

    public Task WithDb(Func<SigningDbContext, Task> action) => WithDb(async db =>
    {
        await action(db);
        return true;
    });

    /// <summary>
    /// A new issuing client, inserted through the app's DbContext the way the dev seed makes its own
    /// (hashed API key, protected webhook secret), allowed to submit for <paramref name="opdCode"/>.
    /// </summary>
    public async Task<TestIssuingClient> CreateIssuingClientAsync(string name, string opdCode = DevOpdCode)
    {
        var key = ApiKeys.Create();
        var secret = "whsec-" + Guid.NewGuid().ToString("N");
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SigningDbContext>();
        var opd = await db.Opds.SingleAsync(o => o.Code == opdCode);
        var client = new IssuingClient
        {
            Name = name,
            ApiKeyPrefix = ApiKeys.Prefix(key),
            ApiKeyHash = ApiKeys.Hash(key),
            ProtectedWebhookSecret = scope.ServiceProvider.GetRequiredService<WebhookSecrets>().Protect(secret),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        client.Opds.Add(new IssuingClientOpd { IssuingClientId = client.Id, OpdId = opd.Id });
        db.IssuingClients.Add(client);
        await db.SaveChangesAsync();
        return new TestIssuingClient(client.Id, key, secret);
    }

    /// <summary>
    /// An OPD of its own whose e-seal points at a token that does not exist (a key that cannot be opened),
    /// its document type (sealed, default signer that e-seal) and a client for it. Nothing else uses the OPD,
    /// so the broken key disturbs no other test.
    /// </summary>
    public async Task<(TestIssuingClient Client, string DocumentType, Guid SignatoryId)> CreateOpdWithBrokenESealAsync(string code)
    {
        await WithDb(async db =>
        {
            var pemda = await db.Pemdas.SingleAsync();
            var seal = await db.Signatories.AsNoTracking().FirstAsync(s => s.Kind == SignatoryKind.ESeal);
            var opd = new Opd { PemdaId = pemda.Id, Code = code, Name = "Dinas Uji " + code };
            var broken = new Signatory
            {
                OpdId = opd.Id, Kind = SignatoryKind.ESeal, Name = seal.Name, Position = seal.Position, Certificate = seal.Certificate,
                CertificateNotAfter = seal.CertificateNotAfter, TokenLabel = "dev-no-such-token-" + code, KeyLabel = "sign",
            };
            db.Opds.Add(opd);
            db.Signatories.Add(broken);
            db.DocumentTypes.Add(new DocumentType
            {
                OpdId = opd.Id, Code = "sealed-" + code, Name = "Surat Keterangan " + code, SignatureKind = SignatoryKind.ESeal,
                DefaultSignatoryId = broken.Id, Level = "B-B",
            });
            await db.SaveChangesAsync();
        });
        var client = await CreateIssuingClientAsync("Aplikasi uji " + code, code);
        var signatoryId = await WithDb(db => db.Signatories.Where(s => s.TokenLabel == "dev-no-such-token-" + code).Select(s => s.Id).SingleAsync());
        return (client, "sealed-" + code, signatoryId);
    }

    /// <summary>
    /// Points an e-seal made by <see cref="CreateOpdWithBrokenESealAsync"/> at the working dev token, saved
    /// through EF like an admin's change (so the reference-data cache hears of it).
    /// </summary>
    public Task RepairESealAsync(Guid signatoryId) => WithDb(async db =>
    {
        var seal = await db.Signatories.SingleAsync(s => s.Id == signatoryId);
        seal.TokenLabel = "dev-eseal";
        await db.SaveChangesAsync();
    });

    private sealed class Factory(
        IReadOnlyDictionary<string, string> settings, ServerErrors errors, LogCapture log, Action<IServiceCollection> services) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            // UseSetting, not ConfigureAppConfiguration: Program reads some keys (provider, data folder,
            // upload limit, webhook interval) while building, before late configuration sources apply.
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
            builder.ConfigureTestServices(services);
            builder.ConfigureLogging(logging =>
            {
                logging.AddProvider(errors);
                logging.AddProvider(log);
            });
        }
    }
}

public sealed class SqliteApp() : ServiceApp(Provider.Sqlite);

public sealed class PostgresApp() : ServiceApp(Provider.PostgreSql);

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteApp>
{
    public const string Name = "service on SQLite";
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresApp>
{
    public const string Name = "service on PostgreSQL";
}
