using System.Text.RegularExpressions;
using Quartz;
using SigningService.Options;
using SigningService.Scheduling;

namespace SigningService.Tests.Scheduling;

/// <summary>
/// The scheduling scripts read without a server. SQL Server cannot run here, so its script is held to
/// the PostgreSQL one (which the PostgreSQL tests run) and to the schema Quartz itself would create on SQL
/// Server (the create script embedded in Quartz.dll, what its SchemaProvisioning.CreateIfMissing runs).
/// </summary>
public sealed class SchedulingScriptTests
{
    /// <summary>
    /// The tables Quartz 4.7's ADO store requires (AdoConstants.AllTableNames, which is internal); the
    /// optional execution-history tables are left out because the service does not turn that feature on.
    /// </summary>
    public static readonly string[] QuartzTables =
    [
        "JOB_DETAILS", "TRIGGERS", "SIMPLE_TRIGGERS", "SIMPROP_TRIGGERS", "CRON_TRIGGERS", "BLOB_TRIGGERS",
        "FIRED_TRIGGERS", "CALENDARS", "PAUSED_TRIGGER_GRPS", "PAUSED_JOB_GRPS", "LOCKS", "SCHEDULER_STATE",
    ];

    public const string HeartbeatTable = "SCHEDULING_HEARTBEATS";

    [Fact]
    public void SqlServer_script_declares_the_same_tables_and_columns_as_the_PostgreSQL_script()
    {
        var postgres = Tables(DatabaseProvider.PostgreSql);
        var sqlServer = Tables(DatabaseProvider.SqlServer);

        Assert.Equal(QuartzTables.Select(t => SchedulingSchema.TablePrefix + t).Append(HeartbeatTable).Order(), postgres.Keys.Order());
        Assert.Equal(postgres.Keys.Order(), sqlServer.Keys.Order());
        foreach (var (table, columns) in postgres)
            Assert.True(columns.Keys.Order().SequenceEqual(sqlServer[table].Keys.Order()),
                $"{table}: PostgreSQL has {string.Join(", ", columns.Keys.Order())}; SQL Server has {string.Join(", ", sqlServer[table].Keys.Order())}");
    }

    [Theory]
    [InlineData(DatabaseProvider.SqlServer, "create_sqlServer.sql")]
    [InlineData(DatabaseProvider.PostgreSql, "create_postgres.sql")]
    public void Each_Quartz_table_has_exactly_the_columns_types_and_nullability_of_Quartz_own_script_for_the_dialect(DatabaseProvider provider, string quartzScript)
    {
        var ours = Tables(provider);
        var quartz = QuartzOwnTables(quartzScript);

        foreach (var table in QuartzTables.Select(t => SchedulingSchema.TablePrefix + t))
        {
            Assert.True(quartz.ContainsKey(table), $"Quartz's {quartzScript} has no {table}: has Quartz's schema changed? Review the scripts.");
            var expected = quartz[table].Values.Select(Normalise).OrderBy(c => c.Name).ToList();
            var actual = ours[table].Values.Select(Normalise).OrderBy(c => c.Name).ToList();
            Assert.True(expected.SequenceEqual(actual),
                $"{table} differs from Quartz's {quartzScript}:\n  missing or different: {string.Join(", ", expected.Except(actual))}\n  ours instead: {string.Join(", ", actual.Except(expected))}");
        }
    }

    [Fact]
    public void Every_SqlServer_batch_creates_one_thing_and_only_when_it_is_missing()
    {
        var batches = SchedulingSchema.Batches(DatabaseProvider.SqlServer);
        var tables = Tables(DatabaseProvider.SqlServer);
        Assert.Equal(tables.Count, batches.Count(b => b.Contains("CREATE TABLE", StringComparison.OrdinalIgnoreCase)));
        foreach (var batch in batches)
        {
            var code = string.Join('\n', batch.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim();
            if (code.Contains("CREATE TABLE", StringComparison.OrdinalIgnoreCase))
                Assert.Matches(@"^IF OBJECT_ID\(N'(?<t>\w+)', N'U'\) IS NULL\s+CREATE TABLE \k<t> \(", code);
            else
                Assert.Matches(@"^IF NOT EXISTS \(SELECT 1 FROM sys\.indexes WHERE name = N'(?<i>\w+)' AND object_id = OBJECT_ID\(N'(?<t>\w+)'\)\)\s+CREATE INDEX \k<i> ON \k<t> \(", code);
            Assert.Single(Regex.Matches(code, @"\bCREATE\b"));
            Assert.DoesNotMatch(@"\b(DROP|ALTER|TRUNCATE)\b|\bDELETE\s+FROM\b", code);
        }
    }

    [Fact]
    public void PostgreSQL_script_creates_only_what_is_missing_in_one_batch()
    {
        var batch = Assert.Single(SchedulingSchema.Batches(DatabaseProvider.PostgreSql));
        var code = string.Join('\n', batch.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal)));
        var creates = Regex.Matches(code, @"\bCREATE\s+(TABLE|INDEX)\b(?!\s+IF NOT EXISTS)");
        Assert.Empty(creates);
        Assert.DoesNotMatch(@"\b(DROP|ALTER|TRUNCATE)\b|\bDELETE\s+FROM\b", code);
    }

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, SqlColumn>> Tables(DatabaseProvider provider) =>
        SqlTableDefinitions.Parse(SchedulingSchema.Script(provider));

    // Quartz's script spells the prefix as {0} (and {1} where a schema qualifier cannot go).
    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, SqlColumn>> QuartzOwnTables(string name)
    {
        using var stream = typeof(IScheduler).Assembly.GetManifestResourceStream("Quartz.Impl.AdoJobStore.Schema." + name)
            ?? throw new InvalidOperationException($"Quartz.dll no longer embeds {name}: has Quartz's schema handling changed? Review the scripts.");
        using var reader = new StreamReader(stream);
        return SqlTableDefinitions.Parse(reader.ReadToEnd().Replace("{0}", SchedulingSchema.TablePrefix).Replace("{1}", SchedulingSchema.TablePrefix));
    }

    // PostgreSQL's bool and boolean are one type.
    private static SqlColumn Normalise(SqlColumn column) => column with { Type = column.Type == "bool" ? "boolean" : column.Type };
}
