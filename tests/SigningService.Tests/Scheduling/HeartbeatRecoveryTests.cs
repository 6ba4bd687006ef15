using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;
using SigningService.Data;
using SigningService.Options;
using SigningService.Scheduling;
using TestSupport;

namespace SigningService.Tests.Scheduling;

/// <summary>
/// The heartbeat's recovery path, which a SIGKILL only reaches when it lands inside the few milliseconds a
/// heartbeat runs: an instance died while executing two heartbeat fires (its rows are written here as
/// Quartz writes them: a scheduler-state row that stopped checking in, two fired triggers EXECUTING that
/// request recovery); one of the two had committed its heartbeat row before the crash. A live instance
/// recovers both and re-runs them: the fire without a row gets one, marked as a recovery, with the
/// original scheduled time; the fire that had its row gets no second one.
/// </summary>
public sealed class HeartbeatRecoveryTests
{
    [Fact]
    public async Task A_live_instance_reruns_the_heartbeat_fires_of_a_dead_one_and_each_fire_is_recorded_once()
    {
        await using var database = await PostgresDatabase.CreateAsync("scheduling_recovery");
        await using (var schemaLock = await SchemaChangeLock.AcquireAsync(DatabaseProvider.PostgreSql, database.ConnectionString, CancellationToken.None))
            await SchedulingSchema.ApplyAsync(DatabaseProvider.PostgreSql, schemaLock!.Connection, CancellationToken.None);
        await using var live = await StandaloneScheduler.StartAsync(database.ConnectionString, SchemaProvisioning.Validate, start: false, services =>
        {
            services.AddSingleton(TimeProvider.System);
            services.AddDocumentRecords("PostgreSql", database.ConnectionString);
        });
        var heartbeat = new RecurringJob(HeartbeatJob.Key, typeof(HeartbeatJob), TimeSpan.FromHours(1), RequestsRecovery: true);
        await live.Scheduler.AddJob(RecurringJobRegistration.Detail(heartbeat), AddJobOptions.Replacing, CancellationToken.None);

        var now = DateTimeOffset.UtcNow;
        var lost = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero).AddMinutes(-10);
        var committed = lost.AddSeconds(1);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, """
            INSERT INTO qrtz_scheduler_state (sched_name, instance_name, last_checkin_time, checkin_interval, quartz_version)
            VALUES (@sched, 'dead-instance', @checkin, 2000, '4.7.3');
            INSERT INTO qrtz_fired_triggers (sched_name, entry_id, trigger_name, trigger_group, instance_name, fired_time, sched_time,
                priority, state, job_name, job_group, is_nonconcurrent, requests_recovery)
            VALUES (@sched, 'dead-1', @job, @group, 'dead-instance', @lostFired, @lost, 5, 'EXECUTING', @job, @group, true, true),
                   (@sched, 'dead-2', @job, @group, 'dead-instance', @committedFired, @committed, 5, 'EXECUTING', @job, @group, true, true);
            INSERT INTO scheduling_heartbeats (scheduled_fire_time, fire_instance_id, scheduler_instance_id, node, executed_at, recovering)
            VALUES (@committedAt, 'dead-2', 'dead-instance', 'elsewhere/1', @committedAt, false);
            """,
            ("sched", live.Scheduler.SchedulerName), ("checkin", now.AddMinutes(-5).UtcTicks), ("job", HeartbeatJob.Key.Name),
            ("group", HeartbeatJob.Key.Group), ("lost", lost.UtcTicks), ("committed", committed.UtcTicks), ("committedAt", committed),
            // Fired a little after the scheduled second, as fires are: the recovery must record the scheduled time, not this.
            ("lostFired", lost.AddMilliseconds(300).UtcTicks), ("committedFired", committed.AddMilliseconds(300).UtcTicks));

        await live.Scheduler.Start();
        // Recovery turns the dead instance's fired triggers into one-off recovery triggers (one transaction),
        // which are deleted once their fire has run: nothing left in either table means both re-runs are done.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await CountAsync(connection, "SELECT count(*) FROM qrtz_fired_triggers") > 0
               || await CountAsync(connection, "SELECT count(*) FROM qrtz_triggers") > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the dead instance's fires were not recovered and run in time");
            await Task.Delay(100);
        }

        var rows = await HeartbeatsAsync(connection);
        Assert.Equal([(lost, true, live.Scheduler.SchedulerInstanceId), (committed, false, "dead-instance")], rows);
        Assert.Equal(0, await CountAsync(connection, "SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name = 'dead-instance'"));
    }

    private static async Task<List<(DateTimeOffset Scheduled, bool Recovering, string Instance)>> HeartbeatsAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT scheduled_fire_time, recovering, scheduler_instance_id FROM scheduling_heartbeats ORDER BY scheduled_fire_time, id", connection);
        var rows = new List<(DateTimeOffset, bool, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add((reader.GetFieldValue<DateTimeOffset>(0), reader.GetBoolean(1), reader.GetString(2)));
        return rows;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }
}
