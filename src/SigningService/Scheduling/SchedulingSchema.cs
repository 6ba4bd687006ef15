using System.Data.Common;
using System.Text.RegularExpressions;
using SigningService.Options;

namespace SigningService.Scheduling;

/// <summary>
/// The tables of the clustered Quartz store (and the heartbeat table), one embedded script per provider
/// (Scheduling/Sql/*.sql). Applied at start after the EF migrations, inside <see cref="SchemaChangeLock"/>;
/// every statement only creates what is missing, so applying it again changes nothing. SQLite has no
/// script: the embedded default runs Quartz's in-memory store (one process by design).
/// </summary>
public static partial class SchedulingSchema
{
    /// <summary>Quartz's table prefix; the scripts spell the tables with it.</summary>
    public const string TablePrefix = "QRTZ_";

    /// <summary>The script's text: for PostgreSQL one batch, for SQL Server batches separated by GO lines.</summary>
    public static string Script(DatabaseProvider provider)
    {
        var name = provider switch
        {
            DatabaseProvider.PostgreSql => "scheduling-postgresql.sql",
            DatabaseProvider.SqlServer => "scheduling-sqlserver.sql",
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Only the clustered providers have a scheduling schema."),
        };
        using var stream = typeof(SchedulingSchema).Assembly.GetManifestResourceStream("SigningService.Scheduling.Sql." + name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// What is sent to the server, one command each: PostgreSQL takes the whole script at once; SQL Server
    /// takes it batch by batch, as sqlcmd would (a GO line ends a batch).
    /// </summary>
    public static IReadOnlyList<string> Batches(DatabaseProvider provider)
    {
        var script = Script(provider);
        if (provider == DatabaseProvider.PostgreSql)
            return [script];
        return GoLine().Split(script).Where(b => !string.IsNullOrWhiteSpace(StripComments(b))).ToList();
    }

    /// <summary>
    /// Applies the script in one transaction on <paramref name="connection"/> (open, and holding the schema-change
    /// lock). The lock keeps starting instances apart, not running ones: their schedulers write the tables while
    /// CREATE INDEX IF NOT EXISTS takes a share lock on each in turn, and the database may end such a cycle by
    /// aborting the script. Nothing of it is then left, so it is applied again instead of failing the start.
    /// </summary>
    public static async Task ApplyAsync(DatabaseProvider provider, DbConnection connection, CancellationToken ct)
    {
        var batches = Batches(provider);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ApplyOnceAsync(batches, connection, ct);
                return;
            }
            catch (DbException e) when (attempt < 5 && IsDeadlockVictim(e))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), ct);
            }
        }
    }

    private static bool IsDeadlockVictim(DbException e) =>
        e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.DeadlockDetected }
        || e is Microsoft.Data.SqlClient.SqlException { Number: 1205 };

    private static async Task ApplyOnceAsync(IReadOnlyList<string> batches, DbConnection connection, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var batch in batches)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = batch;
            command.CommandTimeout = 300;
            await command.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    private static string StripComments(string batch) => string.Join('\n', batch.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal)));

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoLine();
}
