using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Scalar.AspNetCore;
using SigningService.Api;
using SigningService.Options;
using SigningService.Signing;
using SigningService.Verification;

namespace SigningService.Extensions;

/// <summary>Composition root: options, data, keys, API, workers and jobs.</summary>
public static class ServiceExtensions
{
    public const string DevBanner =
        "*** DEV MODE: dev PKI and dev keys (certs-dev/) — NOT FOR PRODUCTION ***";

    /// <summary>The same warning on every page of the web UI, in the UI's language.</summary>
    public const string DevBannerIndonesian =
        "MODE PENGEMBANGAN (DEV): PKI dan kunci uji coba (certs-dev/) — BUKAN UNTUK PRODUKSI";

    public static WebApplicationBuilder AddSigningService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // Every problem carries a stable code, also those the framework writes (binding errors, 404s, 415).
            context.ProblemDetails.Extensions.TryAdd("code", context.ProblemDetails.Status switch
            {
                StatusCodes.Status400BadRequest => "invalid-request",
                StatusCodes.Status401Unauthorized => "unauthorized",
                StatusCodes.Status403Forbidden => "forbidden",
                StatusCodes.Status404NotFound => "not-found",
                StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
                StatusCodes.Status413PayloadTooLarge => "file-too-large",
                StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
                StatusCodes.Status429TooManyRequests => "rate-limited",
                _ => "internal-error",
            });
            // The bearer-token scheme challenges without a body; say what is missing.
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                StatusCodes.Status401Unauthorized =>
                    "Authentication is required: an account's bearer token (POST /api/v1/auth/login) for the inbox and administration, " +
                    "an issuing client's API key for the documents API.",
                StatusCodes.Status403Forbidden => "This account's role does not allow this request.",
                _ => null,
            };
        });
        services.AddSingleton(TimeProvider.System);
        builder.AddSigningOptions();
        builder.AddSigningData();

        var dataFolder = DataExtensions.DataFolder(builder);
        services.AddDataProtection().SetApplicationName("SigningService")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "keys")));
        services.AddHttpClient("ltv");
        services.AddHttpClient("webhooks", c => c.Timeout = TimeSpan.FromSeconds(15));

        services.AddSingleton<SigningKeys>();
        services.AddSingleton<LtvServiceFactory>();
        services.AddSingleton<StampRequests>();
        services.AddSingleton<WorkSignal>();
        services.AddSingleton<WebhookSecrets>();
        services.AddScoped<Dashboard.SlaDashboard>();
        services.AddSingleton<ESealSigning>();
        services.AddSingleton<PreparedSignatures>();
        services.AddSingleton<ClaimedAtAcceptance>();
        services.AddHostedService<ESealWorker>();
        services.AddSingleton<SubmissionCommits>();
        services.AddHostedService(sp => sp.GetRequiredService<SubmissionCommits>());
        services.AddOptions<SlaOptions>().BindConfiguration("Sla")
            .Validate(o => o.AtRiskThreshold is > 0 and <= 1, "Sla:AtRiskThreshold must be a share in (0, 1], e.g. 0.8.")
            .Validate(o => TryBuild(o) is null, "Sla:Calendar is not valid (see the log for the exact problem).")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SlaOptions>>().Value.BuildCalendar());
        builder.AddScheduling();
        services.AddNotificationJobs(builder.Configuration);

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyAuthenticationHandler.SchemeName, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        builder.AddApprovalInbox();
        builder.AddWebUi();
        builder.AddRateLimits();

        var maxUpload = builder.Configuration.GetValue<long?>("Api:MaxUploadBytes") ?? new ApiOptions().MaxUploadBytes;
        // Room for the metadata part and multipart framing above the PDF limit; the PDF itself is checked exactly.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxUpload + 1024 * 1024);
        services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = maxUpload + 1024 * 1024);

        services.AddVerificationPages();
        var devRoot = builder.Environment.IsDevelopment() && DevPkiExtensions.FindCertsDev(builder.Environment.ContentRootPath) is { } certs
            ? Path.Combine(certs, "root-ca.pem") : null;
        services.AddUploadVerification(builder.Configuration, devRoot);
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<SigningKeysHealthCheck>("signing-keys");
        return builder;
    }

    private static string? TryBuild(SlaOptions options)
    {
        try
        {
            options.BuildCalendar();
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    private static void AddSigningOptions(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration("Api").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<VerificationOptions>().BindConfiguration("Verification").ValidateDataAnnotations()
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _),
                "Verification:PublicBaseUrl must be the absolute URL of the public verification site (the QR codes point there).")
            .ValidateOnStart();
        services.AddOptions<WorkerOptions>().BindConfiguration("Worker").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Options.LtvOptions>().BindConfiguration("Ltv")
            .Validate(o => o.TsaUrl is null || Uri.TryCreate(o.TsaUrl, UriKind.Absolute, out _), "Ltv:TsaUrl must be an absolute URL.")
            .ValidateOnStart();
        services.AddOptions<KeysOptions>().BindConfiguration("Keys")
            .Validate(o => o.Pkcs11Module is null || File.Exists(o.Pkcs11Module), "Keys:Pkcs11Module names a file that does not exist.")
            .ValidateOnStart();
        if (builder.Environment.IsDevelopment())
        {
            // The embedded dev default: the dev PKI's PKCS#12 keys unless a PKCS#11 module is configured.
            services.PostConfigure<KeysOptions>(o => o.Pkcs12Folder ??= DevPkiExtensions.FindCertsDev(builder.Environment.ContentRootPath));
        }
    }

    public static WebApplication MapSigningService(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.Logger.LogWarning("{Banner}", DevBanner);
            app.Use(async (context, next) =>
            {
                context.Response.Headers["X-SigningService-Mode"] = "DEV";
                await next();
            });
        }
        // A request the framework cannot bind (malformed JSON, a bad query value) is the caller's 4xx, not our 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseWebUiStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapDevPkiWhenDevelopment();
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", o => o.WithTitle("SigningService API v1"));
        app.MapDocumentsApi();
        app.MapWebhooksApi();
        app.MapApprovalInbox();
        app.MapDashboardApi();
        app.MapVerificationPages(); // the single-process run also answers the QR links; src/Verifier serves them in production
        app.MapUploadVerification();
        app.MapTrackingPage();
        app.MapWebUi(); // "/" is the UI's start page: the inbox, the administration, or the login
        return app;
    }
}
