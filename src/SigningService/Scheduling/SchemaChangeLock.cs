using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Npgsql;
using SigningService.Options;

namespace SigningService.Scheduling;

/// <summary>
/// A database-wide lock held while an instance changes the schema at start (EF migrations, then the
/// scheduling tables), so that instances started together do not run the same DDL at once: PostgreSQL's
/// CREATE TABLE IF NOT EXISTS is not safe against a concurrent twin (both pass the check, one fails on the
/// catalog's unique index). PostgreSQL: a session advisory lock; SQL Server: sp_getapplock owned by the
/// session. The lock lives on its own connection, which <see cref="Connection"/> exposes for the DDL.
/// </summary>
public sealed class SchemaChangeLock : IAsyncDisposable
{
    /// <summary>pg_advisory_lock key: the ASCII bytes of "SIGNSCHM", so that it is recognisable in pg_locks.</summary>
    public const long PostgresAdvisoryKey = 0x5349474E5343484D;

    /// <summary>sp_getapplock resource name.</summary>
    public const string SqlServerResource = "SigningService.SchemaChange";

    /// <summary>How long an instance waits for another one's schema change before it gives up starting.</summary>
    private const int WaitSeconds = 300;

    private readonly DatabaseProvider _provider;

    private SchemaChangeLock(DatabaseProvider provider, DbConnection connection)
    {
        _provider = provider;
        Connection = connection;
    }

    /// <summary>The open connection that holds the lock.</summary>
    public DbConnection Connection { get; }

    /// <summary>Waits for and takes the lock; null for SQLite, whose single process needs none.</summary>
    public static async Task<SchemaChangeLock?> AcquireAsync(DatabaseProvider provider, string connectionString, CancellationToken ct)
    {
        if (provider == DatabaseProvider.Sqlite)
            return null;
        DbConnection connection = provider == DatabaseProvider.PostgreSql
            ? new NpgsqlConnection(connectionString)
            : new SqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            if (provider == DatabaseProvider.PostgreSql)
                await ExecuteAsync(connection, "SELECT pg_advisory_lock(@key)", ct, ("@key", PostgresAdvisoryKey));
            else
                await GetSqlServerAppLockAsync(connection, ct);
            return new SchemaChangeLock(provider, connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Closing the session would release it too; releasing first returns it at once even if the
            // connection goes back to a pool.
            if (Connection.State == ConnectionState.Open)
            {
                if (_provider == DatabaseProvider.PostgreSql)
                    await ExecuteAsync(Connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("@key", PostgresAdvisoryKey));
                else
                    await ExecuteAsync(Connection, "EXEC sp_releaseapplock @Resource = @resource, @LockOwner = 'Session'",
                        CancellationToken.None, ("@resource", SqlServerResource));
            }
        }
        finally
        {
            await Connection.DisposeAsync();
        }
    }

    private static async Task GetSqlServerAppLockAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "EXEC @result = sp_getapplock @Resource = @resource, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = @timeout";
        command.CommandTimeout = WaitSeconds + 30;
        AddParameter(command, "@resource", SqlServerResource);
        AddParameter(command, "@timeout", WaitSeconds * 1000);
        var result = command.CreateParameter();
        result.ParameterName = "@result";
        result.DbType = DbType.Int32;
        result.Direction = ParameterDirection.Output;
        command.Parameters.Add(result);
        await command.ExecuteNonQueryAsync(ct);
        // 0 granted at once, 1 granted after waiting; negative: timeout, cancelled, deadlock victim or error.
        if (result.Value is not int code || code < 0)
            throw new InvalidOperationException($"sp_getapplock {SqlServerResource} was not granted (result {result.Value}): another instance holds the schema-change lock.");
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = WaitSeconds;
        foreach (var (name, value) in parameters)
            AddParameter(command, name, value);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
