using System.Globalization;
using System.Text;
using Npgsql;
using TestSupport;
using Xunit.Abstractions;

namespace SigningService.EndToEnd.Tests;

/// <summary>Tests whose subject is timing (cluster check-ins, failover): they run alone, not beside other CPU-heavy tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAloneCollection
{
    public const string Name = "runs alone";
}

/// <summary>
/// Issue 7: "Two service processes sharing one PostgreSQL for a few minutes of scheduled work: each job
/// instance runs once." Two real service processes on one fresh database, the diagnostic heartbeat job
/// every second (one row per execution in scheduling_heartbeats), the cluster together for about half a
/// minute; then the process that has just run a fire (and so has already taken the next one) is killed with
/// SIGKILL and the other one carries on alone for another half minute. Every scheduled second from the
/// first fire to the last is executed exactly once, by one process or the other; both processes ran some;
/// the survivor ran everything after the kill, the fire the dead one had taken included; and the survivor's
/// cluster recovery removed the dead instance from the scheduler state.
/// </summary>
[Collection(RunsAloneCollection.Name)]
public sealed class ClusteredSchedulingTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    // Failover within about two check-ins; long enough that a busy machine does not miss one.
    private static readonly TimeSpan CheckinInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan TogetherFor = TimeSpan.FromSeconds(35);
    private static readonly TimeSpan SurvivorAloneFor = TimeSpan.FromSeconds(35);

    private sealed record Fire(long Id, DateTimeOffset Scheduled, string SchedulerInstance, string Node, DateTimeOffset ExecutedAt, bool Recovering)
    {
        public int ProcessId => int.Parse(Node[(Node.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);

        public override string ToString() =>
            $"{Scheduled:HH:mm:ss} pid {ProcessId} late {(ExecutedAt - Scheduled).TotalSeconds:F2}s{(Recovering ? " (recovery)" : "")}";
    }

    [Fact]
    public async Task Two_processes_on_one_PostgreSQL_run_every_scheduled_fire_exactly_once_also_across_a_SIGKILL()
    {
        await using var database = await PostgresDatabase.CreateAsync("e2e_cluster");
        using var firstData = new TempDir();
        using var secondData = new TempDir();
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "PostgreSql",
            ["Database__ConnectionString"] = database.ConnectionString,
            ["Scheduling__HeartbeatSeconds"] = Heartbeat.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            ["Scheduling__CheckinInterval"] = CheckinInterval.ToString("c"),
        };
        await using var first = await ServiceProcess.StartAsync(firstData.Path, ServiceProcess.FreePort(), settings);
        await using var second = await ServiceProcess.StartAsync(secondData.Path, ServiceProcess.FreePort(), settings);
        ServiceProcess[] processes = [first, second];

        await Task.Delay(TogetherFor);
        var justRan = await NextFireAsync(database, await LastIdAsync(database), TimeSpan.FromSeconds(30));
        var victim = processes.Single(p => p.ProcessId == justRan.ProcessId);
        var survivor = processes.Single(p => p != victim);
        victim.KillHard();
        var killedAt = DateTimeOffset.UtcNow;
        await Task.Delay(SurvivorAloneFor);

        var fires = await FiresAsync(database);
        var log = Describe(fires, killedAt);
        output.WriteLine(log);
        var duplicates = fires.GroupBy(f => f.Scheduled).Where(g => g.Count() > 1).Select(g => g.Key.ToString("HH:mm:ss", CultureInfo.InvariantCulture)).ToList();
        Assert.True(duplicates.Count == 0, $"fires executed more than once: {string.Join(", ", duplicates)}\n{log}");
        var times = fires.Select(f => f.Scheduled).Order().ToList();
        var skipped = times.Zip(times.Skip(1)).Where(p => p.Second - p.First != Heartbeat).Select(p => $"{p.First:HH:mm:ss}→{p.Second:HH:mm:ss}").ToList();
        Assert.True(skipped.Count == 0, $"scheduled fires never executed between: {string.Join(", ", skipped)}\n{log}");
        Assert.True(times.Count >= (TogetherFor + SurvivorAloneFor).TotalSeconds, $"only {times.Count} fires in about {(TogetherFor + SurvivorAloneFor).TotalSeconds} s\n{log}");

        // Both took part; after the kill only the survivor ran, every fire from the one the victim had taken on.
        Assert.Contains(fires, f => f.ProcessId == victim.ProcessId);
        Assert.Contains(fires, f => f.ProcessId == survivor.ProcessId);
        Assert.All(fires.Where(f => f.ProcessId == victim.ProcessId), f => Assert.True(f.ExecutedAt <= killedAt, $"{f} after the kill\n{log}"));
        var afterKill = fires.Where(f => f.Scheduled > justRan.Scheduled).ToList();
        Assert.All(afterKill, f => Assert.Equal(survivor.ProcessId, f.ProcessId));
        Assert.True(afterKill.Count >= SurvivorAloneFor.TotalSeconds - 5, $"the survivor ran only {afterKill.Count} fires after the kill\n{log}");

        // Cluster recovery: the survivor found the victim silent, took back what it held and removed it.
        var survivorInstance = afterKill[0].SchedulerInstance;
        Assert.Equal([survivorInstance], await ScalarsAsync(database, "SELECT instance_name FROM qrtz_scheduler_state"));
        Assert.Empty(await ScalarsAsync(database, "SELECT entry_id FROM qrtz_fired_triggers WHERE instance_name = @p", justRan.SchedulerInstance));
    }

    private static async Task<long> LastIdAsync(PostgresDatabase database) =>
        (await FiresAsync(database)).Select(f => f.Id).DefaultIfEmpty(0).Max();

    // Polls until a fire newer than afterId is committed: its process has just finished it.
    private static async Task<Fire> NextFireAsync(PostgresDatabase database, long afterId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if ((await FiresAsync(database, afterId)).FirstOrDefault() is { } fire)
                return fire;
            await Task.Delay(20);
        }
        throw new TimeoutException("No heartbeat fire in time: is the scheduler running?");
    }

    private static async Task<List<Fire>> FiresAsync(PostgresDatabase database, long afterId = 0)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT id, scheduled_fire_time, scheduler_instance_id, node, executed_at, recovering
            FROM scheduling_heartbeats WHERE id > @after ORDER BY id
            """, connection);
        command.Parameters.AddWithValue("after", afterId);
        var fires = new List<Fire>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            fires.Add(new Fire(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetBoolean(5)));
        }
        return fires;
    }

    private static async Task<List<string>> ScalarsAsync(PostgresDatabase database, string sql, string? parameter = null)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null)
            command.Parameters.AddWithValue("p", parameter);
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            values.Add(reader.GetString(0));
        return values;
    }

    private static string Describe(IEnumerable<Fire> fires, DateTimeOffset killedAt)
    {
        var text = new StringBuilder($"killed at {killedAt:HH:mm:ss.fff}; fires in order of scheduled time:\n");
        foreach (var fire in fires.OrderBy(f => f.Scheduled).ThenBy(f => f.Id))
            text.AppendLine(CultureInfo.InvariantCulture, $"  {fire}");
        return text.ToString();
    }
}
