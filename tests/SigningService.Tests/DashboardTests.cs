using System.Net;
using System.Net.Http.Json;
using SigningService.Dashboard;
using SigningService.Domain;
using SigningService.Domain.Sla;

namespace SigningService.Tests;

/// <summary>The SLA dashboard's figures, from records whose times are known.</summary>
public sealed class DashboardFigureTests
{
    private static readonly TimeSpan Wib = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, Wib);
    private static readonly Guid Opd = Guid.NewGuid();
    private static readonly Guid Permit = Guid.NewGuid();
    private static readonly Guid Letter = Guid.NewGuid();
    private static readonly Dictionary<Guid, (string, string, string)> Types = new()
    {
        [Permit] = ("DPMPTSP", "izin", "Izin Usaha"),
        [Letter] = ("DPMPTSP", "surat", "Surat Keterangan"),
    };

    private static SlaDashboard.Record Signed(Guid type, DateTimeOffset created, double hours, double dueAfterHours) =>
        new(Opd, type, DocumentStatus.Signed, SlaState.OnTime, created, created.AddHours(hours), created.AddHours(dueAfterHours));

    [Fact]
    public void Counts_open_documents_by_sla_state_and_gives_median_p90_and_compliance_per_type_and_per_month()
    {
        var october = new DateTimeOffset(2026, 10, 5, 9, 0, 0, Wib);
        var november = new DateTimeOffset(2026, 11, 3, 9, 0, 0, Wib);
        var records = new List<SlaDashboard.Record>
        {
            Signed(Permit, october, 2, 24), Signed(Permit, october, 30, 24), // one late in October
            Signed(Permit, november, 1, 24), Signed(Permit, november, 4, 24), Signed(Permit, november, 8, 24),
            Signed(Permit, november, 10, 24), Signed(Permit, november, 20, 24), Signed(Permit, november, 3, 24),
            Signed(Permit, november, 5, 24), Signed(Permit, november, 6, 24),
            new(Opd, Permit, DocumentStatus.PendingApproval, SlaState.AtRisk, november, null, november.AddHours(24)),
            new(Opd, Permit, DocumentStatus.PendingParaf, SlaState.Overdue, october, null, october.AddHours(24)),
            new(Opd, Permit, DocumentStatus.Queued, SlaState.OnTime, Now, null, null),
        };
        var from = new DateTimeOffset(2026, 10, 1, 0, 0, 0, Wib);

        var view = SlaDashboard.Compute(records, Types, from, Now, Wib, months: 2);

        var permit = Assert.Single(view.Rows, r => r.DocumentTypeCode == "izin");
        Assert.Equal((3, 1, 1, 10), (permit.Pending, permit.AtRisk, permit.Overdue, permit.Signed));
        // Times to signature, sorted: 1 2 3 4 5 6 8 10 20 30 → median (5th) 5 h, p90 (9th) 20 h.
        Assert.Equal(5, permit.MedianHours);
        Assert.Equal(20, permit.P90Hours);
        Assert.Equal(90, permit.CompliancePercent);
        var letter = Assert.Single(view.Rows, r => r.DocumentTypeCode == "surat");
        Assert.Equal((0, 0, 0, 0), (letter.Pending, letter.AtRisk, letter.Overdue, letter.Signed));
        Assert.Null(letter.MedianHours);
        Assert.Null(letter.CompliancePercent);

        Assert.Equal(["2026-10", "2026-11"], view.Months.Select(m => m.Month));
        Assert.Equal((2, 1, 50.0), (view.Months[0].Signed, view.Months[0].OnTime, view.Months[0].CompliancePercent!.Value));
        Assert.Equal((8, 8, 100.0), (view.Months[1].Signed, view.Months[1].OnTime, view.Months[1].CompliancePercent!.Value));
    }

    [Fact]
    public void A_percentile_is_a_real_documents_time_nearest_rank()
    {
        Assert.Null(SlaDashboard.Percentile([], 0.5));
        Assert.Equal(7, SlaDashboard.Percentile([7], 0.9));
        Assert.Equal(2, SlaDashboard.Percentile([1, 2, 3, 4], 0.5));
        Assert.Equal(4, SlaDashboard.Percentile([1, 2, 3, 4], 0.9));
    }
}

/// <summary>GET /api/v1/dashboard: admins see every OPD, signers their own, others nothing.</summary>
public abstract class DashboardApiTests(ServiceApp app)
{
    [Fact]
    public async Task An_admin_sees_the_signed_e_seal_documents_a_head_sees_their_opd_and_paraf_staff_are_refused()
    {
        using var client = app.Client();
        var created = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata());
        await Api.WaitForStatusAsync(client, created.Id, "signed", TimeSpan.FromSeconds(30));

        using var admin = await Inbox.LoginAsync(app, "admin");
        var view = await admin.GetFromJsonAsync<SlaDashboardView>("/api/v1/dashboard?months=3", Api.Json);
        var eseal = Assert.Single(view!.Rows, r => r.DocumentTypeCode == Sample.ESealType);
        Assert.True(eseal.Signed >= 1);
        Assert.NotNull(eseal.MedianHours);
        Assert.Equal(3, view.Months.Count);

        using var kadis = await Inbox.LoginAsync(app, "kadis");
        using var own = await kadis.GetAsync("/api/v1/dashboard");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var kasi = await Inbox.LoginAsync(app, "kasi");
        using var refused = await kasi.GetAsync("/api/v1/dashboard");
        await Api.ExpectProblemAsync(refused, HttpStatusCode.Forbidden, "forbidden");
        using var apiKey = await client.GetAsync("/api/v1/dashboard");
        Assert.Equal(HttpStatusCode.Unauthorized, apiKey.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DashboardApiTestsOnSqlite(SqliteApp app) : DashboardApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DashboardApiTestsOnPostgres(PostgresApp app) : DashboardApiTests(app);

/// <summary>/dasbor in the web UI: the table and the monthly compliance chart for admins and signers.</summary>
public abstract class DashboardPageTests(ServiceApp app)
{
    [Fact]
    public async Task An_admin_sees_the_table_and_a_bar_per_month_and_paraf_staff_get_no_dashboard()
    {
        using var client = app.Client();
        var created = await Api.SubmitCreatedAsync(client, Sample.Permit, Sample.Metadata());
        await Api.WaitForStatusAsync(client, created.Id, "signed", TimeSpan.FromSeconds(30));

        using var admin = await WebUi.LoginAsync(app, "admin");
        var html = await admin.PageAsync("/dasbor");
        Assert.Contains($"<tr data-type=\"{Sample.ESealType}\">", html, StringComparison.Ordinal);
        Assert.Equal(DashboardModelMonths, System.Text.RegularExpressions.Regex.Matches(html, "<g class=\"bar\" data-month=").Count);
        Assert.Contains("Kepatuhan SLA", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/dasbor\"", html, StringComparison.Ordinal);

        using var kasi = await WebUi.LoginAsync(app, "kasi");
        await kasi.PageAsync("/dasbor", HttpStatusCode.Forbidden);
    }

    private const int DashboardModelMonths = SigningService.Pages.DashboardModel.Months;
}

[Collection(SqliteCollection.Name)]
public sealed class DashboardPageTestsOnSqlite(SqliteApp app) : DashboardPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DashboardPageTestsOnPostgres(PostgresApp app) : DashboardPageTests(app);
