using SigningService.Scheduling;
using Microsoft.AspNetCore.Identity;
using Quartz;
using SigningService.Accounts;
using SigningService.Api;
using SigningService.Approval;
using SigningService.Data;
using SigningService.Domain.Approval;
using SigningService.Notifications;
using SigningService.Signing;

namespace SigningService.Extensions;

/// <summary>
/// The approval inbox: accounts (ASP.NET Core Identity in the records' database, TOTP), the bearer token scheme
/// for accounts next to the issuing clients' API keys, the inbox and admin services, and e-mail notifications.
/// </summary>
public static class ApprovalExtensions
{
    /// <summary>Any logged-in account (bearer token, never an API key).</summary>
    public const string AccountPolicy = "account";

    /// <summary>Officials and paraf staff.</summary>
    public const string InboxPolicy = "inbox";

    public const string AdminPolicy = "admin";

    public static WebApplicationBuilder AddApprovalInbox(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddIdentityCore<Account>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<SigningDbContext>()
            .AddTokenProvider<AuthenticatorTokenProvider<Account>>(TokenOptions.DefaultAuthenticatorProvider);

        // Short-lived: whoever holds the token can approve until it expires; log in again after that.
        var lifetime = TimeSpan.FromMinutes(builder.Configuration.GetValue<double?>("Auth:TokenMinutes") ?? 30);
        services.AddAuthentication().AddBearerToken(IdentityConstants.BearerScheme, o =>
        {
            o.BearerTokenExpiration = lifetime;
            o.RefreshTokenExpiration = lifetime;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(AccountPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser())
            .AddPolicy(InboxPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser()
                .RequireRole(AccountRoles.Signer, AccountRoles.Paraf))
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser()
                .RequireRole(AccountRoles.Admin));

        services.AddScoped<CurrentAccount>();
        services.AddScoped<AccountLogin>();
        services.AddScoped<AccountAdministration>();
        services.AddScoped<InboxService>();
        services.AddScoped<ApprovalService>();
        services.AddScoped<ApprovalAdministration>();
        services.AddScoped<OrganisationAdministration>();
        services.AddScoped<IssuingClientAdministration>();
        services.AddSingleton<TokenTurns>();
        services.AddSingleton<ApprovalDecisions>();
        services.AddSingleton<ApprovalSigner>();
        services.AddSingleton<DocumentSigning>();

        services.AddOptions<NotificationOptions>().BindConfiguration("Notifications").ValidateDataAnnotations()
            .Validate(o => string.IsNullOrEmpty(o.Smtp.Host) || MimeKit.MailboxAddress.TryParse(o.Smtp.From, out _),
                "Notifications:Smtp:From must be an e-mail address, e.g. \"TTE Pemkot <tte@example.go.id>\".")
            .ValidateOnStart();
        services.AddSingleton<InboxNotifications>();
        services.AddSingleton<SlaEscalation>();
        var smtpHost = builder.Configuration["Notifications:Smtp:Host"];
        if (!string.IsNullOrEmpty(smtpHost))
        {
            services.AddSingleton<INotificationSender, SmtpNotificationSender>();
        }
        else
        {
            var configured = builder.Configuration["Notifications:DevFolder"];
            var folder = configured is null
                ? Path.Combine(DataExtensions.DataFolder(builder), "mail")
                : Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, configured));
            services.AddSingleton<INotificationSender>(sp => new FolderNotificationSender(folder,
                sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationOptions>>()));
        }
        return builder;
    }

    /// <summary>The outbox sender (every Notifications:IntervalSeconds) and the daily digest at Notifications:DigestTime, Pemda time.</summary>
    /// <summary>The outbox sender (every Notifications:IntervalSeconds) and the morning digest (Notifications:DigestTime, Pemda time).</summary>
    public static void AddNotificationJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Notifications").Get<NotificationOptions>() ?? new NotificationOptions();
        services.AddSingleton(new RecurringJob(NotificationDispatchJob.Key, typeof(NotificationDispatchJob), TimeSpan.FromSeconds(options.IntervalSeconds)));
        var time = TimeOnly.TryParse(options.DigestTime, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : new TimeOnly(7, 0);
        services.AddSingleton(RecurringJob.Daily(InboxDigestJob.Key, typeof(InboxDigestJob), time, PemdaOffset(configuration)));
    }

    public static WebApplication MapApprovalInbox(this WebApplication app)
    {
        app.MapAuthApi();
        app.MapInboxApi();
        app.MapAdminApi();
        return app;
    }

    /// <summary>The Pemda's UTC offset from Sla:Calendar (WIB when unset or invalid; an invalid calendar stops the start anyway).</summary>
    private static TimeSpan PemdaOffset(IConfiguration configuration)
    {
        try
        {
            return (configuration.GetSection("Sla").Get<SlaOptions>() ?? new SlaOptions()).BuildCalendar().UtcOffset;
        }
        catch (ArgumentException)
        {
            return Domain.Sla.WorkingCalendar.Wib;
        }
    }
}
