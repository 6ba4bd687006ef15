using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SigningService.Data.Tests;

/// <summary>A migrated SQLite database file in a folder of its own; the folder goes when disposed.</summary>
public sealed class SqliteTestDatabase : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("signing-data-").FullName;

    private SqliteTestDatabase()
    {
    }

    public static async Task<SqliteTestDatabase> CreateAsync()
    {
        var database = new SqliteTestDatabase();
        await using var db = database.Open();
        await db.Database.MigrateAsync();
        return database;
    }

    /// <summary>A context of its own on the file, with <paramref name="interceptors"/> (the service's SQLite context is this type).</summary>
    public SqliteSigningDbContext Open(params IInterceptor[] interceptors) => new(new DbContextOptionsBuilder<SqliteSigningDbContext>()
        .UseSqlite($"Data Source={Path.Combine(_folder, "signing.db")}")
        .AddInterceptors(interceptors).Options);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools(); // pooled connections keep the file open
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
