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
