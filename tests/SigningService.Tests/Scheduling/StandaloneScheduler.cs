using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;
using SigningService.Scheduling;

namespace SigningService.Tests.Scheduling;

/// <summary>A clustered Quartz scheduler of its own (not the service's), on the QRTZ_ tables of one database.</summary>
public sealed class StandaloneScheduler : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private StandaloneScheduler(ServiceProvider services, IScheduler scheduler)
    {
        _services = services;
        Scheduler = scheduler;
    }

    public IScheduler Scheduler { get; }

    public ISchedulerFactory Factory => _services.GetRequiredService<ISchedulerFactory>();

    public static async Task<StandaloneScheduler> StartAsync(
        string connectionString, SchemaProvisioning provisioning, bool start = true, Action<IServiceCollection>? jobServices = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        jobServices?.Invoke(services);
        services.AddQuartz(q =>
        {
            // A name of its own: schedulers are registered by name, and other tests' schedulers live in this process too.
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "schema-test-" + Guid.NewGuid().ToString("N")[..12];
                s.GenerateInstanceId = true;
            });
            q.UsePersistentStore(store =>
            {
                store.ConfigureStore(o =>
                {
                    o.TablePrefix = SchedulingSchema.TablePrefix;
                    o.SchemaProvisioning = provisioning;
                });
                store.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(2));
                store.UseSystemTextJsonSerializer();
                store.UsePostgres(NpgsqlFactory.Instance, connectionString);
            });
        });
        var provider = services.BuildServiceProvider();
        try
        {
            var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
            if (start)
                await scheduler.Start();
            return new StandaloneScheduler(provider, scheduler);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stores a job with job data and a one-off trigger, and waits until it ran; returns the instance that ran it.</summary>
    public async Task<string> FireOnceAsync(TimeSpan timeout)
    {
        var waiter = Guid.NewGuid().ToString("N");
        var ran = SignalJob.Waiting[waiter] = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = JobBuilder.Create().OfType<SignalJob>().WithIdentity("signal-" + waiter, "tests").UsingJobData(SignalJob.WaiterKey, waiter).Build();
        var trigger = TriggerBuilder.Create(TimeProvider.System).WithIdentity("signal-" + waiter, "tests").StartNow().Build();
        await Scheduler.ScheduleJob(job, trigger, default, CancellationToken.None);
        try
        {
            return await ran.Task.WaitAsync(timeout);
        }
        finally
        {
            SignalJob.Waiting.TryRemove(waiter, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Scheduler.Shutdown(true);
        await _services.DisposeAsync();
    }

    /// <summary>Completes the waiter named in its job data with the id of the scheduler instance that ran it.</summary>
    public sealed class SignalJob : IJob
    {
        public const string WaiterKey = "waiter";
        public static readonly ConcurrentDictionary<string, TaskCompletionSource<string>> Waiting = new();

        public ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
        {
            if (context.MergedJobDataMap.TryGetValue(WaiterKey, out var waiter) && waiter is string id && Waiting.TryGetValue(id, out var ran))
                ran.TrySetResult(context.Scheduler.SchedulerInstanceId);
            return ValueTask.CompletedTask;
        }
    }
}
