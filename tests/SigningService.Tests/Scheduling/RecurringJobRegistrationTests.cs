using Microsoft.Extensions.Logging.Abstractions;
using Quartz;
using SigningService.Options;
using SigningService.Scheduling;
using TestSupport;

namespace SigningService.Tests.Scheduling;

/// <summary>
/// Starting an instance registers the recurring jobs in the shared store: a trigger that already has the
/// configured schedule is left exactly as it is (restarts and further instances neither duplicate it nor
/// move its fire times), a changed interval replaces it, a switched-off job is removed.
/// </summary>
public sealed class RecurringJobRegistrationTests
{
    private static readonly JobKey Job = new("registration-test", "tests");

    [Fact]
    public async Task Registering_again_keeps_the_stored_trigger_a_new_interval_replaces_it_and_switching_off_removes_the_job()
    {
        await using var database = await PostgresDatabase.CreateAsync("scheduling_registration");
        await using (var schemaLock = await SchemaChangeLock.AcquireAsync(DatabaseProvider.PostgreSql, database.ConnectionString, CancellationToken.None))
            await SchedulingSchema.ApplyAsync(DatabaseProvider.PostgreSql, schemaLock!.Connection, CancellationToken.None);
        // Not started: registration is what runs before Quartz's hosted service starts the scheduler.
        await using var quartz = await StandaloneScheduler.StartAsync(database.ConnectionString, SchemaProvisioning.Validate, start: false);
        var everyMinute = new RecurringJob(Job, typeof(StandaloneScheduler.SignalJob), TimeSpan.FromMinutes(1));

        await RegisterAsync(quartz, everyMinute);
        var registered = Assert.IsAssignableFrom<ISimpleTrigger>(await quartz.Scheduler.GetTrigger(everyMinute.TriggerKey));
        Assert.Equal(0, registered.StartTimeUtc.UtcTicks % TimeSpan.TicksPerSecond);
        Assert.True((await quartz.Scheduler.GetJobDetail(Job))!.ConcurrentExecutionDisallowed);

        await Task.Delay(TimeSpan.FromSeconds(1.1)); // a restart a moment later would start a new trigger at a later second
        await RegisterAsync(quartz, everyMinute);
        var kept = Assert.IsAssignableFrom<ISimpleTrigger>(await quartz.Scheduler.GetTrigger(everyMinute.TriggerKey));
        Assert.Equal(registered.StartTimeUtc, kept.StartTimeUtc);
        Assert.Equal(registered.NextFireTimeUtc, kept.NextFireTimeUtc);
        Assert.Single(await quartz.Scheduler.GetTriggersOfJob(Job));

        await RegisterAsync(quartz, everyMinute with { Interval = TimeSpan.FromMinutes(2) });
        var replaced = Assert.IsAssignableFrom<ISimpleTrigger>(await quartz.Scheduler.GetTrigger(everyMinute.TriggerKey));
        Assert.Equal(TimeSpan.FromMinutes(2), replaced.RepeatInterval);
        Assert.Single(await quartz.Scheduler.GetTriggersOfJob(Job));

        await RegisterAsync(quartz, everyMinute with { Enabled = false });
        Assert.False(await quartz.Scheduler.Exists(Job));
        Assert.Null(await quartz.Scheduler.GetTrigger(everyMinute.TriggerKey));
    }

    [Fact]
    public async Task A_daily_job_at_seven_in_the_morning_wib_is_a_utc_cron_trigger_at_midnight_kept_across_restarts()
    {
        await using var database = await PostgresDatabase.CreateAsync("scheduling_daily");
        await using (var schemaLock = await SchemaChangeLock.AcquireAsync(DatabaseProvider.PostgreSql, database.ConnectionString, CancellationToken.None))
            await SchedulingSchema.ApplyAsync(DatabaseProvider.PostgreSql, schemaLock!.Connection, CancellationToken.None);
        await using var quartz = await StandaloneScheduler.StartAsync(database.ConnectionString, SchemaProvisioning.Validate, start: false);
        var digest = RecurringJob.Daily(Job, typeof(StandaloneScheduler.SignalJob), new TimeOnly(7, 0), TimeSpan.FromHours(7));

        await RegisterAsync(quartz, digest);
        var registered = Assert.IsAssignableFrom<ICronTrigger>(await quartz.Scheduler.GetTrigger(digest.TriggerKey));
        Assert.Equal("0 0 0 ? * *", registered.CronExpressionString);
        Assert.Equal(TimeSpan.Zero, registered.NextFireTimeUtc!.Value.UtcDateTime.TimeOfDay);

        await Task.Delay(TimeSpan.FromSeconds(1.1));
        await RegisterAsync(quartz, digest);
        var kept = Assert.IsAssignableFrom<ICronTrigger>(await quartz.Scheduler.GetTrigger(digest.TriggerKey));
        Assert.Equal(registered.StartTimeUtc, kept.StartTimeUtc);
        Assert.Single(await quartz.Scheduler.GetTriggersOfJob(Job));
    }

    private static Task RegisterAsync(StandaloneScheduler quartz, RecurringJob job) =>
        new RecurringJobRegistration(quartz.Factory, [job], TimeProvider.System, NullLogger<RecurringJobRegistration>.Instance).StartAsync(CancellationToken.None);
}
