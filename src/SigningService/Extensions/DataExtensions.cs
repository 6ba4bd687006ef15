using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SigningService.Data;
using SigningService.Options;
using SigningService.Scheduling;
using SigningService.Storage;

namespace SigningService.Extensions;

/// <summary>Database (one of three providers, each with its own migrations) and the blob store.</summary>
public static class DataExtensions
{
    public static WebApplicationBuilder AddSigningData(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().BindConfiguration("Database")
            .Validate(o => o.Provider == DatabaseProvider.Sqlite || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:ConnectionString is required for PostgreSql and SqlServer.")
            .ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration("Storage").ValidateDataAnnotations().ValidateOnStart();

        var database = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        var dataFolder = DataFolder(builder);
        var connection = database.Provider == DatabaseProvider.Sqlite
            ? database.ConnectionString ?? new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataFolder, "signing.db") }.ToString()
            : database.ConnectionString!;
        services.AddDocumentRecords(database.Provider.ToString(), connection);
        services.AddScoped<AuditedSave>();
        services.AddSingleton<ReferenceDataCache>();
        services.AddSingleton<IBlobStore>(_ => new FileSystemBlobStore(Path.Combine(dataFolder, "blobs")));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    /// <summary>Storage:DataFolder, relative to the content root; created when missing.</summary>
    public static string DataFolder(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration["Storage:DataFolder"] ?? "data";
        var folder = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, configured));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>
    /// Applies migrations and the scheduling tables (when configured) and, for SQLite, turns on WAL so
    /// readers never wait for the worker. Runs before the host starts, so before the scheduler does.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SigningDbContext>();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await db.Database.CloseConnectionAsync();
        }
        if (options.MigrateOnStart)
        {
            // Instances starting together against one server change the schema one at a time.
            await using var schemaLock = await SchemaChangeLock.AcquireAsync(options.Provider, options.ConnectionString ?? "", app.Lifetime.ApplicationStopping);
            await db.Database.MigrateAsync();
            if (schemaLock is not null)
                await SchedulingSchema.ApplyAsync(options.Provider, schemaLock.Connection, app.Lifetime.ApplicationStopping);
        }
    }
}
