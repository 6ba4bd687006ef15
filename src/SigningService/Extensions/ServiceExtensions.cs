namespace SigningService.Extensions;

/// <summary>Composition root. Issue 4 adds the document API, persistence and workers here.</summary>
public static class ServiceExtensions
{
    private const string DevBanner =
        "*** DEV MODE: dev PKI and dev keys (certs-dev/) — NOT FOR PRODUCTION ***";

    public static WebApplicationBuilder AddSigningService(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks();
        return builder;
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
        app.UseExceptionHandler();
        app.MapHealthChecks("/health");
        app.MapDevPkiWhenDevelopment();
        app.MapGet("/", (IHostEnvironment env) => TypedResults.Text(
            env.IsDevelopment()
                ? $"SigningService — {DevBanner}\nAPI and approval UI: coming with the service issues.\n"
                : "SigningService\n"));
        return app;
    }
}
