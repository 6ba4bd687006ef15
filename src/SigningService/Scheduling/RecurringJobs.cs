using Quartz;
using Quartz.Impl.Triggers;

namespace SigningService.Scheduling;

/// <summary>
/// A job that runs every <see cref="Interval"/> — or at the times of <see cref="DailyCron"/>, a Quartz cron
/// expression read in UTC — on one trigger whose identity is the job's own key. A job that is not
/// <see cref="Enabled"/> is removed from the store (a persistent store would fire it forever).
/// </summary>
public sealed record RecurringJob(
    JobKey Key, Type JobType, TimeSpan Interval, bool Enabled = true, bool RequestsRecovery = false, string? DailyCron = null)
{
    public TriggerKey TriggerKey => new(Key.Name, Key.Group);

    /// <summary>Every day at <paramref name="localTime"/> of a fixed UTC offset (Indonesia keeps no daylight saving).</summary>
    public static RecurringJob Daily(JobKey key, Type jobType, TimeOnly localTime, TimeSpan utcOffset)
    {
        var utc = localTime.Add(-utcOffset);
        return new RecurringJob(key, jobType, TimeSpan.FromDays(1),
            DailyCron: string.Create(System.Globalization.CultureInfo.InvariantCulture, $"0 {utc.Minute} {utc.Hour} ? * *"));
    }
}

/// <summary>
/// Puts the recurring jobs into the scheduler's store before Quartz's hosted service starts it. With the
/// clustered store every starting instance runs this against the same tables, so it is written to leave a
/// trigger alone when it already has the configured schedule: replacing it would move its fire times
/// (and, racing a fire in flight on another instance, could run one fire twice or skip one). Only a changed
/// interval, a new job or a removed one changes the store. Two instances registering a new trigger at the
/// same moment are fine: the loser gets ObjectAlreadyExistsException for a trigger identical to its own.
/// </summary>
public sealed partial class RecurringJobRegistration(
    ISchedulerFactory schedulers, IEnumerable<RecurringJob> jobs, TimeProvider clock, ILogger<RecurringJobRegistration> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var job in jobs)
        {
            if (!job.Enabled)
            {
                if (await scheduler.DeleteJob(job.Key, cancellationToken))
                    LogRemoved(job.Key);
                continue;
            }
            // Replacing the job's definition leaves its trigger (and a fire in flight) as they are.
            await scheduler.AddJob(Detail(job), AddJobOptions.Replacing, cancellationToken);
            var current = await scheduler.GetTrigger(job.TriggerKey, cancellationToken);
            if (HasSchedule(current, job))
                continue;
            var trigger = Trigger(job, clock);
            if (current is null)
            {
                try
                {
                    await scheduler.ScheduleJob(trigger, default, cancellationToken);
                }
                catch (ObjectAlreadyExistsException)
                {
                    // Another instance, starting at the same moment, stored the same trigger first.
                }
            }
            else
            {
                await scheduler.RescheduleJob(job.TriggerKey, trigger, cancellationToken);
                LogRescheduled(job.Key, job.Interval);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Durable, as its trigger is added separately; never concurrent with itself, on any instance (the
    /// store blocks a job's other triggers cluster-wide while one fire runs), whatever the class says.
    /// </summary>
    public static IJobDetail Detail(RecurringJob job) =>
        JobBuilder.Create().OfType(job.JobType).WithIdentity(job.Key).StoreDurably().DisallowConcurrentExecution(true)
            .RequestRecovery(job.RequestsRecovery).Build();

    /// <summary>
    /// Every <see cref="RecurringJob.Interval"/> from the next whole second (Quartz moves a start in the
    /// past to now). Whole seconds because a recovered fire carries its original time at one-second
    /// precision (see <see cref="HeartbeatJob"/>).
    /// A fire later than the misfire threshold (60 s: an outage of the whole cluster) is not made up: the
    /// next one comes on the schedule, as every recurring job here is a sweep that the next run covers.
    /// </summary>
    public static ITrigger Trigger(RecurringJob job, TimeProvider clock)
    {
        var builder = TriggerBuilder.Create(clock)
            .WithIdentity(job.TriggerKey)
            .ForJob(job.Key)
            .StartAt(NextWholeSecond(clock.GetUtcNow()));
        // A daily fire missed while the whole cluster was down is made once when it is back (Quartz's smart policy for cron).
        return job.DailyCron is { } cron
            ? builder.WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc)).Build()
            : builder.WithSimpleSchedule(s => s.WithInterval(job.Interval).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)).Build();
    }

    private static DateTimeOffset NextWholeSecond(DateTimeOffset now)
    {
        var intoSecond = now.UtcTicks % TimeSpan.TicksPerSecond;
        return new DateTimeOffset(intoSecond == 0 ? now.UtcTicks : now.UtcTicks - intoSecond + TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    private static bool HasSchedule(ITrigger? trigger, RecurringJob job) =>
        job.DailyCron is { } cron
            ? trigger is ICronTrigger daily && daily.JobKey.Equals(job.Key) && daily.CronExpressionString == cron
              && daily.TimeZone.Id == TimeZoneInfo.Utc.Id
            : trigger is ISimpleTrigger simple
        && simple.JobKey.Equals(job.Key)
        && simple.RepeatInterval == job.Interval
        && simple.RepeatCount == SimpleTriggerImpl.RepeatIndefinitely
        && simple.MisfireInstruction == SimpleTriggerMisfireInstruction.NextWithRemainingCount;

    [LoggerMessage(Level = LogLevel.Information, Message = "Recurring job {Job} rescheduled: every {Interval}")]
    private partial void LogRescheduled(JobKey job, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recurring job {Job} is switched off: removed from the scheduler")]
    private partial void LogRemoved(JobKey job);
}
