using Microsoft.Data.SqlClient;
using Npgsql;
using Quartz;
using SigningService.Options;
using SigningService.Scheduling;
using SigningService.Signing;

namespace SigningService.Extensions;

/// <summary>
/// Quartz: the recurring jobs (SLA sweep, certificate expiry, webhook dispatch, optional heartbeat) and the
/// store they live in. PostgreSQL and SQL Server: the clustered ADO store on the service's own database
/// (tables from <see cref="SchedulingSchema"/>), so any number of instances share the work and each fire
/// runs on exactly one. SQLite, the embedded default: the in-memory store, because that deployment is one
/// process by design (one SQLite file, one writer) and has no peer to share fires with or recover them.
/// </summary>
public static class SchedulingExtensions
{
    public static WebApplicationBuilder AddScheduling(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var database = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        var clustered = database.Provider is DatabaseProvider.PostgreSql or DatabaseProvider.SqlServer;

        services.AddOptions<JobSchedulingOptions>().BindConfiguration(JobSchedulingOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.CheckinInterval >= JobSchedulingOptions.MinCheckinInterval && o.CheckinInterval <= JobSchedulingOptions.MaxCheckinInterval,
                $"Scheduling:CheckinInterval must be between {JobSchedulingOptions.MinCheckinInterval} and {JobSchedulingOptions.MaxCheckinInterval}.")
            .Validate(o => o.HeartbeatSeconds is null || clustered,
                "Scheduling:HeartbeatSeconds needs the clustered scheduler: Database:Provider PostgreSql or SqlServer.")
            .ValidateOnStart();
        // Quartz is configured while the host is built, so the values are read here too; ValidateOnStart
        // above refuses to start with values that are out of range before the scheduler is created.
        var scheduling = configuration.GetSection(JobSchedulingOptions.Section).Get<JobSchedulingOptions>() ?? new JobSchedulingOptions();

        var slaInterval = TimeSpan.FromSeconds(configuration.GetValue<double?>("Sla:IntervalSeconds") ?? 60);
        var webhookInterval = TimeSpan.FromSeconds(configuration.GetValue<double?>("Webhooks:IntervalSeconds") ?? 5);
        services.AddSingleton(new RecurringJob(SlaJob.Key, typeof(SlaJob), slaInterval));
        // Recovery requested: run every 6 hours, a check cut off by a crash should not wait for the next one.
        services.AddSingleton(new RecurringJob(CertificateExpiryJob.Key, typeof(CertificateExpiryJob), TimeSpan.FromHours(6), RequestsRecovery: true));
        services.AddSingleton(new RecurringJob(WebhookDispatchJob.Key, typeof(WebhookDispatchJob), webhookInterval));
        services.AddOptions<ArchiveOptions>().BindConfiguration("Archive").ValidateDataAnnotations().ValidateOnStart();
        var archive = configuration.GetSection("Archive").Get<ArchiveOptions>() ?? new ArchiveOptions();
        services.AddSingleton(new RecurringJob(ArchiveRenewalJob.Key, typeof(ArchiveRenewalJob), TimeSpan.FromSeconds(archive.IntervalSeconds)));
        services.AddSingleton(new RecurringJob(HeartbeatJob.Key, typeof(HeartbeatJob), TimeSpan.FromSeconds(scheduling.HeartbeatSeconds ?? 60),
            Enabled: scheduling.HeartbeatSeconds is not null && clustered, RequestsRecovery: true));
        // Registered before Quartz's hosted service, which starts the scheduler: the triggers are in place first.
        services.AddHostedService<RecurringJobRegistration>();

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = scheduling.InstanceName;
                // AUTO: host name and start time, unique per process; the cluster tells its members apart by it.
                s.GenerateInstanceId = clustered;
            });
            if (!clustered)
            {
                q.UseInMemoryStore(_ => { });
                return;
            }
            q.UsePersistentStore(store =>
            {
                store.ConfigureStore(o =>
                {
                    o.TablePrefix = SchedulingSchema.TablePrefix;
                    // The tables come from our script at start (DataExtensions.PrepareDatabaseAsync); Quartz only checks them.
                    o.SchemaProvisioning = SchemaProvisioning.Validate;
                });
                store.UseClustering(c =>
                {
                    c.CheckinInterval = scheduling.CheckinInterval;
                    // Taken for dead after one more interval of silence: quick failover, yet a single slow
                    // check-in (a GC pause, a busy database) does not get a live instance's fires recovered.
                    c.CheckinMisfireThreshold = scheduling.CheckinInterval;
                });
                store.UseSystemTextJsonSerializer();
                if (database.Provider == DatabaseProvider.PostgreSql)
                    store.UsePostgres(NpgsqlFactory.Instance, database.ConnectionString!);
                else
                    store.UseSqlServer(SqlClientFactory.Instance, database.ConnectionString!);
            });
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }
}
