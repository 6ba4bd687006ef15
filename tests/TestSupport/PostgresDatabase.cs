using System.Text;
using Npgsql;

namespace TestSupport;

/// <summary>
/// A brand-new, uniquely named database on the throwaway PostgreSQL that ./test.sh starts (tests/postgres.sh)
/// and announces in SIGNING_TEST_POSTGRES; dropped (WITH (FORCE)) on dispose. Without that variable it
/// throws: PostgreSQL tests are never skipped silently.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    public const string ServerVariable = "SIGNING_TEST_POSTGRES";

    private readonly string _serverConnectionString;
    private bool _disposed;

    private PostgresDatabase(string serverConnectionString, string name, string connectionString)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The database's name: the prefix (lower-cased, [a-z0-9_] only) and a GUID.</summary>
    public string Name { get; }

    /// <summary>An Npgsql connection string for this database (the server's superuser).</summary>
    public string ConnectionString { get; }

    /// <summary>The Npgsql connection string of the server (its maintenance database), from SIGNING_TEST_POSTGRES.</summary>
    public static string ServerConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(ServerVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException(
                    $"{ServerVariable} is not set: run the tests through ./test.sh, which starts a throwaway PostgreSQL " +
                    "(tests/postgres.sh) and exports it (or set it yourself to an Npgsql connection string of a " +
                    "server where that user may CREATE DATABASE).");
            }
            return value;
        }
    }

    public static PostgresDatabase Create(string namePrefix)
    {
        var (server, name, connectionString) = Prepare(namePrefix);
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {Quote(name)}", connection);
            command.ExecuteNonQuery();
        }
        return new PostgresDatabase(server, name, connectionString);
    }

    public static async Task<PostgresDatabase> CreateAsync(string namePrefix, CancellationToken cancellationToken = default)
    {
        var (server, name, connectionString) = Prepare(namePrefix);
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {Quote(name)}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return new PostgresDatabase(server, name, connectionString);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        ClearPool();
        using var connection = new NpgsqlConnection(_serverConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Quote(Name)} WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        ClearPool();
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Quote(Name)} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    public override string ToString() => Name;

    private static (string Server, string Name, string ConnectionString) Prepare(string namePrefix)
    {
        var server = ServerConnectionString;
        var name = UniqueName(namePrefix);
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return (server, name, builder.ConnectionString);
    }

    // PostgreSQL identifiers hold at most 63 bytes: the GUID (32) and "_" leave 30 for the prefix.
    private static string UniqueName(string namePrefix)
    {
        var prefix = new StringBuilder();
        foreach (var c in namePrefix.ToLowerInvariant())
        {
            if (prefix.Length == 30)
            {
                break;
            }
            prefix.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' ? c : '_');
        }
        if (prefix.Length == 0 || !char.IsAsciiLetter(prefix[0]))
        {
            prefix.Insert(0, 't');
            if (prefix.Length > 30)
            {
                prefix.Length = 30;
            }
        }
        return prefix + "_" + Guid.NewGuid().ToString("N");
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // Pooled connections to the database would only break once it is dropped; close them client-side first.
    private void ClearPool()
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        NpgsqlConnection.ClearPool(connection);
    }
}
