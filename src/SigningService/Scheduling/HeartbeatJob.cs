using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Quartz;
using SigningService.Data;

namespace SigningService.Scheduling;

/// <summary>
/// Diagnostic (Scheduling:HeartbeatSeconds): records each fire in scheduling_heartbeats with its scheduled
/// fire time, Quartz's fire instance id, the scheduler instance and the node (machine/process) that ran it,
/// so that a cluster's "every fire ran exactly once" can be read off the table. It requests recovery: a
/// fire cut off by a crash is run again by the instance that recovers it, and that re-run writes only if
/// the cut-off run had not committed its row, so a fire is recorded once either way. An ordinary fire
/// always inserts: if Quartz ever ran one fire twice, the table would show it.
/// </summary>
[DisallowConcurrentExecution]
public sealed class HeartbeatJob(SigningDbContext db, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("scheduling-heartbeat", "diagnostics");

    /// <summary>Rows older than this are deleted as new ones come (the table is a diagnostic, not a log).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var scheduled = ScheduledFireTime(context);
        var instance = context.Scheduler.SchedulerInstanceId;
        var node = $"{Environment.MachineName}/{Environment.ProcessId}";
        if (context.Recovering)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO scheduling_heartbeats (scheduled_fire_time, fire_instance_id, scheduler_instance_id, node, executed_at, recovering)
                SELECT {scheduled}, {context.FireInstanceId}, {instance}, {node}, {now}, {true}
                WHERE NOT EXISTS (SELECT 1 FROM scheduling_heartbeats WHERE scheduled_fire_time = {scheduled})
                """, ct);
        }
        else
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO scheduling_heartbeats (scheduled_fire_time, fire_instance_id, scheduler_instance_id, node, executed_at, recovering)
                VALUES ({scheduled}, {context.FireInstanceId}, {instance}, {node}, {now}, {false})
                """, ct);
        }
        await db.Database.ExecuteSqlAsync($"DELETE FROM scheduling_heartbeats WHERE executed_at < {now - Retention}", ct);
    }

    /// <summary>
    /// The fire this execution stands for. A recovery re-run fires a one-off trigger of Quartz's own; the
    /// original fire time travels in its job data, as an invariant-culture date string.
    /// </summary>
    public static DateTimeOffset ScheduledFireTime(IJobExecutionContext context)
    {
        if (context.Recovering
            && context.MergedJobDataMap.TryGetValue(SchedulerConstants.FailedJobOriginalTriggerScheduledFireTime, out var original)
            && DateTimeOffset.TryParse(Convert.ToString(original, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed.ToUniversalTime();
        }
        return (context.ScheduledFireTimeUtc ?? context.FireTimeUtc).ToUniversalTime();
    }
}
