using Npgsql;
using Quartz;
using SigningService.Options;
using SigningService.Scheduling;
using TestSupport;

namespace SigningService.Tests.Scheduling;

/// <summary>
/// The PostgreSQL scheduling script on a real server (SIGNING_TEST_POSTGRES; never skipped): it applies
/// again and again without error, also from several instances at once, Quartz's own startup schema check
/// accepts it and a clustered scheduler fires a job on it, and it creates exactly the columns Quartz
/// creates for itself when asked to.
/// </summary>
public sealed class SchedulingSchemaPostgresTests
{
    [Fact]
    public async Task Script_applies_twice_and_a_clustered_Quartz_scheduler_validates_it_and_fires_a_job_on_it()
    {
        await using var database = await PostgresDatabase.CreateAsync("scheduling_schema");
        await ApplyAsync(database.ConnectionString);
        var once = await ColumnsAsync(database.ConnectionString);
        await ApplyAsync(database.ConnectionString);
        Assert.Equal(once, await ColumnsAsync(database.ConnectionString));
        Assert.Equal(SchedulingScriptTests.QuartzTables.Length + 1, once.Select(c => c.Split('.')[0]).Distinct().Count());

        await using var quartz = await StandaloneScheduler.StartAsync(database.ConnectionString, SchemaProvisioning.Validate);
        var instanceId = await quartz.FireOnceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(quartz.Scheduler.SchedulerInstanceId, instanceId);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var checkins = new NpgsqlCommand("SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name = @id", connection);
        checkins.Parameters.AddWithValue("id", instanceId);
        Assert.Equal(1L, await checkins.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Quartz_refuses_to_start_on_a_database_without_the_script()
    {
        // The counterpart of the test above: the check that accepted the script is a real one.
        await using var database = await PostgresDatabase.CreateAsync("scheduling_empty");
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var _ = await StandaloneScheduler.StartAsync(database.ConnectionString, SchemaProvisioning.Validate);
        });
        Assert.Contains("JOB_DETAILS", refused.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Script_creates_exactly_the_columns_Quartz_provisions_for_itself()
    {
        await using var ours = await PostgresDatabase.CreateAsync("scheduling_ours");
        await using var theirs = await PostgresDatabase.CreateAsync("scheduling_quartz");
        await ApplyAsync(ours.ConnectionString);
        await using (await StandaloneScheduler.StartAsync(theirs.ConnectionString, SchemaProvisioning.CreateIfMissing))
        {
        }

        var quartzTables = SchedulingScriptTests.QuartzTables.Select(t => (SchedulingSchema.TablePrefix + t).ToLowerInvariant()).ToHashSet();
        var expected = (await ColumnsAsync(theirs.ConnectionString)).Where(c => quartzTables.Contains(c.Split('.')[0])).ToList();
        var actual = (await ColumnsAsync(ours.ConnectionString)).Where(c => quartzTables.Contains(c.Split('.')[0])).ToList();
        Assert.Equal(quartzTables.Count, expected.Select(c => c.Split('.')[0]).Distinct().Count());
        Assert.True(expected.SequenceEqual(actual),
            $"Quartz has but we lack: {string.Join("; ", expected.Except(actual))}\nwe have instead: {string.Join("; ", actual.Except(expected))}");
        Assert.Equal(await PrimaryKeysAsync(theirs.ConnectionString, quartzTables), await PrimaryKeysAsync(ours.ConnectionString, quartzTables));
    }

    [Fact]
    public async Task Instances_starting_together_apply_the_script_one_at_a_time_and_all_succeed()
    {
        await using var database = await PostgresDatabase.CreateAsync("scheduling_concurrent");
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => ApplyAsync(database.ConnectionString))));
        Assert.Equal(SchedulingScriptTests.QuartzTables.Length + 1, (await ColumnsAsync(database.ConnectionString)).Select(c => c.Split('.')[0]).Distinct().Count());
    }

    [Fact]
    public async Task An_instance_whose_script_deadlocks_with_a_running_cluster_applies_it_again_and_starts()
    {
        // A running instance's scheduler writes Quartz's tables while a starting one re-applies the script, whose
        // CREATE INDEX IF NOT EXISTS takes a share lock on each table in turn: here the running side holds
        // qrtz_fired_triggers, the script holds qrtz_job_details and waits for it, and then the running side wants
        // qrtz_job_details. PostgreSQL ends the cycle by aborting the side that waited first: the script.
        await using var database = await PostgresDatabase.CreateAsync("scheduling_deadlock");
        await ApplyAsync(database.ConnectionString);
        var deadlocksBefore = await DeadlocksAsync(database.ConnectionString);
        await using var running = new NpgsqlConnection(database.ConnectionString);
        await running.OpenAsync();
        await using var work = await running.BeginTransactionAsync();
        await ExecuteAsync(running, "LOCK TABLE qrtz_fired_triggers IN ROW EXCLUSIVE MODE");

        var starting = Task.Run(() => ApplyAsync(database.ConnectionString));
        await WaitUntilWaitingOnAsync(database.ConnectionString, "qrtz_fired_triggers");
        await ExecuteAsync(running, "LOCK TABLE qrtz_job_details IN ROW EXCLUSIVE MODE"); // granted once the script is aborted
        await work.CommitAsync();

        await starting.WaitAsync(TimeSpan.FromSeconds(60));
        await WaitForDeadlocksAsync(database.ConnectionString, deadlocksBefore + 1); // the case above did happen
        Assert.Equal(SchedulingScriptTests.QuartzTables.Length + 1, (await ColumnsAsync(database.ConnectionString)).Select(c => c.Split('.')[0]).Distinct().Count());
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> DeadlocksAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A backend reports its statistics when it goes idle, at most once a second: polled, not read once.</summary>
    private static async Task WaitForDeadlocksAsync(string connectionString, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        long seen;
        while ((seen = await DeadlocksAsync(connectionString)) < expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"PostgreSQL counted {seen} deadlocks, expected {expected}");
            await Task.Delay(100);
        }
    }

    private static async Task WaitUntilWaitingOnAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = to_regclass(@table)", connection);
        command.Parameters.AddWithValue("table", table);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((long)(await command.ExecuteScalarAsync())! == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the script never waited for {table}");
            await Task.Delay(20);
        }
    }

    private static async Task ApplyAsync(string connectionString)
    {
        await using var schemaLock = await SchemaChangeLock.AcquireAsync(DatabaseProvider.PostgreSql, connectionString, CancellationToken.None);
        await SchedulingSchema.ApplyAsync(DatabaseProvider.PostgreSql, schemaLock!.Connection, CancellationToken.None);
    }

    // "table.column type(length) null|not null default", sorted: the shape of the public schema.
    private static async Task<List<string>> ColumnsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
                   || CASE is_nullable WHEN 'YES' THEN ' null' ELSE ' not null' END || coalesce(' default ' || column_default, '')
            FROM information_schema.columns WHERE table_schema = 'public'
            ORDER BY table_name, column_name
            """, connection);
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            columns.Add(reader.GetString(0));
        return columns;
    }

    private static async Task<List<string>> PrimaryKeysAsync(string connectionString, IReadOnlySet<string> tables)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT k.table_name || ': ' || string_agg(k.column_name, ', ' ORDER BY k.ordinal_position)
            FROM information_schema.table_constraints c
            JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema
            WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = 'public' AND k.table_name = ANY(@tables)
            GROUP BY k.table_name ORDER BY k.table_name
            """, connection);
        command.Parameters.AddWithValue("tables", tables.ToArray());
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            keys.Add(reader.GetString(0));
        return keys;
    }
}
