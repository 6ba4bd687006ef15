using System.ComponentModel.DataAnnotations;

namespace SigningService.Scheduling;

/// <summary>
/// Section "Scheduling": the Quartz scheduler. On PostgreSQL and SQL Server every instance with the same
/// <see cref="InstanceName"/> on one database is a member of one cluster (each job fire runs on exactly one
/// of them); on SQLite the scheduler is in memory, in the one process.
/// </summary>
public sealed class JobSchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>
    /// The scheduler's name, the same on every instance of one deployment (it is SCHED_NAME in the QRTZ_
    /// tables, so two deployments may share a database under different names). At most 120 characters.
    /// </summary>
    [Required, StringLength(120, MinimumLength = 1)]
    public string InstanceName { get; set; } = "SigningService";

    /// <summary>
    /// How often each instance records in the database that it is alive. An instance silent for about twice
    /// this long is taken for dead, and another instance recovers the fires it had taken.
    /// </summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Diagnostic, off by default: a heartbeat job every this many seconds that writes one row per fire to
    /// scheduling_heartbeats (which instance ran which scheduled fire). Clustered providers only.
    /// </summary>
    [Range(1, 3600)]
    public int? HeartbeatSeconds { get; set; }

    public static readonly TimeSpan MinCheckinInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxCheckinInterval = TimeSpan.FromMinutes(5);
}
