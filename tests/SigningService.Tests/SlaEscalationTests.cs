using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SigningService.Domain.Approval;
using SigningService.Notifications;

namespace SigningService.Tests;

/// <summary>
/// Issue 7, end to end with the scheduled SLA job running: a document waiting for the Kepala Dinas while a Plh
/// order routes it to the Kabid turns at risk (the Kabid is reminded, not the head), then overdue (the Kabid
/// again, and the OPD's secretary and admin are told).
/// </summary>
public abstract class SlaEscalationTests(ServiceApp app)
{
    /// <summary>
    /// Whether the scheduled job can be left to run on the moved clock. Quartz's clustered (database) store keeps
    /// trigger times on the real clock, and a clock moved days ahead makes every fire a misfire there; on
    /// PostgreSQL the test therefore runs the same job class itself, as the scheduler would, each poll.
    /// </summary>
    protected virtual bool SchedulerRunsTheJob => true;

    [Fact]
    public async Task At_risk_then_overdue_reminds_the_acting_official_then_escalates_to_the_secretary_and_admin()
    {
        var clock = app.Services.GetRequiredService<MovableClock>();
        using var admin = await Inbox.LoginAsync(app, "admin");
        await DelegateAsync(admin, from: "dev-kadis", to: "dev-kabid");
        var document = await Inbox.SubmitAsync(app);
        Assert.NotNull(document.DueAt);

        clock.MoveTo(document.DueAt.Value.AddMinutes(-10)); // well past 80 % of 24 working hours
        var atRisk = await WaitForMailAsync(document.Id, SlaEscalation.AtRisk, 1);
        Assert.Equal(["kabid"], atRisk.Select(m => m.User));
        Assert.Contains("mendekati batas waktu", atRisk[0].Subject, StringComparison.Ordinal);
        Assert.Equal("at_risk", (await Api.GetAsync(app.Client(), document.Id)).Sla);

        clock.MoveTo(document.DueAt.Value.AddMinutes(10));
        var overdue = await WaitForMailAsync(document.Id, SlaEscalation.Overdue, 1);
        Assert.Equal(["kabid"], overdue.Select(m => m.User));
        var escalated = await WaitForMailAsync(document.Id, SlaEscalation.Escalated, 2);
        Assert.Equal(["admin", "sekretaris"], escalated.Select(m => m.User).Order());
        Assert.All(escalated, m => Assert.Contains("Kepala Bidang", m.Body, StringComparison.Ordinal));
        Assert.Equal("overdue", (await Api.GetAsync(app.Client(), document.Id)).Sla);

        // Each state change is told once, however often the job runs afterwards.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        if (!SchedulerRunsTheJob)
        {
            await RunSlaJobAsync();
            await RunSlaJobAsync();
        }
        var all = await MailsAsync(document.Id);
        Assert.Equal(4, all.Count);
        Assert.DoesNotContain(all, m => m.User == "kadis");
    }

    private sealed record Mail(string User, string Kind, string Subject, string Body);

    private async Task<List<Mail>> MailsAsync(Guid documentId) => await app.WithDb(db =>
        db.EmailNotifications.Where(n => n.DocumentId == documentId && n.Kind.StartsWith("sla."))
            .Join(db.Users, n => n.AccountId, a => a.Id, (n, a) => new Mail(a.UserName!, n.Kind, n.Subject, n.Body))
            .ToListAsync());

    private async Task<List<Mail>> WaitForMailAsync(Guid documentId, string kind, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (!SchedulerRunsTheJob)
                await RunSlaJobAsync();
            var mails = (await MailsAsync(documentId)).Where(m => m.Kind == kind).ToList();
            if (mails.Count >= count || DateTime.UtcNow > deadline)
            {
                Assert.True(mails.Count == count, $"expected {count} '{kind}' e-mail(s), found {mails.Count}");
                return mails;
            }
            await Task.Delay(200);
        }
    }

    private async Task RunSlaJobAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<SigningService.Signing.SlaJob>(scope.ServiceProvider);
        await job.Execute(null!, CancellationToken.None);
    }

    private static async Task DelegateAsync(HttpClient admin, string from, string to)
    {
        var officials = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/signatories", Api.Json);
        Guid Id(string token) => officials.EnumerateArray().Single(s => s.GetProperty("tokenLabel").GetString() == token).GetProperty("id").GetGuid();
        using var response = await admin.PostAsJsonAsync("/api/v1/admin/delegations", new
        {
            headSignatoryId = Id(from), actingSignatoryId = Id(to), kind = "Plh", legalBasis = "800/77/35.73.406/2026",
            validFrom = DateTimeOffset.UtcNow.AddMinutes(-1), validUntil = DateTimeOffset.UtcNow.AddDays(60),
            documentTypes = new[] { Sample.KadisType },
        }, Api.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}

/// <summary>The real clock, moved forward on demand: jobs keep running on real time and see the moved "now".</summary>
public sealed class MovableClock : TimeProvider
{
    private TimeSpan _offset;

    public void MoveTo(DateTimeOffset now) => _offset = now - base.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;
}

public sealed class SlaSqliteApp() : ServiceApp(Provider.Sqlite)
{
    protected override void Configure(Dictionary<string, string> settings) => settings["Sla:IntervalSeconds"] = "0.3";

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<MovableClock>();
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<MovableClock>());
    }
}

public sealed class SlaPostgresApp() : ServiceApp(Provider.PostgreSql)
{
    protected override void Configure(Dictionary<string, string> settings) => settings["Sla:IntervalSeconds"] = "3600";

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<MovableClock>();
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<MovableClock>());
    }
}

public sealed class SlaEscalationTestsOnSqlite(SlaSqliteApp app) : SlaEscalationTests(app), IClassFixture<SlaSqliteApp>;

public sealed class SlaEscalationTestsOnPostgres(SlaPostgresApp app) : SlaEscalationTests(app), IClassFixture<SlaPostgresApp>
{
    protected override bool SchedulerRunsTheJob => false;
}
