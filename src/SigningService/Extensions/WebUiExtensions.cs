using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.StaticFiles;
using SigningService.Accounts;
using SigningService.Domain.Approval;
using SigningService.Web;

namespace SigningService.Extensions;

/// <summary>
/// The web UI (Razor Pages under Pages/, Bahasa Indonesia) for officials, paraf staff and admins. It has its own
/// authentication: Identity's application cookie, set only by the UI's login pages, and a short-lived cookie
/// between the password and the authenticator step. The UI policies accept that cookie and nothing else, and the
/// API policies accept only bearer tokens or API keys, so an API credential never opens a page and the cookie
/// never reaches the API. Every form carries an antiforgery token (Razor Pages checks it on each POST).
/// </summary>
public static class WebUiExtensions
{
    /// <summary>Any logged-in account (cookie).</summary>
    public const string UiAccountPolicy = "ui-account";

    /// <summary>Officials and paraf staff (cookie).</summary>
    public const string UiInboxPolicy = "ui-inbox";

    /// <summary>Administrators (cookie).</summary>
    public const string UiAdminPolicy = "ui-admin";

    /// <summary>Between a correct password and the authenticator code (or enrolment): who, and nothing more.</summary>
    public const string PartialLoginScheme = "Ui.PartialLogin";

    public static WebApplicationBuilder AddWebUi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // The same lifetime as an API token: whoever holds an unlocked phone can approve until it runs out.
        var lifetime = TimeSpan.FromMinutes(builder.Configuration.GetValue<double?>("Auth:TokenMinutes") ?? 30);
        services.AddAuthentication()
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.Cookie.Name = "tte.sesi";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = lifetime;
                o.SlidingExpiration = true;
                o.LoginPath = "/masuk";
                o.LogoutPath = "/keluar";
                o.AccessDeniedPath = "/masuk/ditolak";
                o.Events.OnValidatePrincipal = ValidateAccountAsync;
            })
            .AddCookie(PartialLoginScheme, o =>
            {
                o.Cookie.Name = "tte.masuk";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
                o.SlidingExpiration = false;
                o.LoginPath = "/masuk";
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(UiAccountPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser())
            .AddPolicy(UiInboxPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser()
                .RequireRole(AccountRoles.Signer, AccountRoles.Paraf))
            .AddPolicy(UiAdminPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser()
                .RequireRole(AccountRoles.Admin));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "tte.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddScoped<UiApproval>();
        services.AddSingleton<UiFormat>();
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/", UiAccountPolicy);
            o.Conventions.AllowAnonymousToFolder("/Masuk");
            o.Conventions.AuthorizePage("/KotakMasuk", UiInboxPolicy);
            o.Conventions.AuthorizePage("/Dokumen", UiInboxPolicy);
            o.Conventions.AuthorizePage("/Riwayat", UiInboxPolicy);
            o.Conventions.AuthorizeFolder("/Admin", UiAdminPolicy);
            o.Conventions.ConfigureFilter(new UiResponseHeaders());
        });
        return builder;
    }

    /// <summary>The stylesheet, scripts and vendored pdf.js under wwwroot (before authentication: they are public).</summary>
    public static WebApplication UseWebUiStaticFiles(this WebApplication app)
    {
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".mjs"] = "text/javascript"; // pdf.js ships ES modules; browsers refuse modules of another type
        app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = types,
            OnPrepareResponse = context => context.Context.Response.Headers["X-Content-Type-Options"] = "nosniff",
        });
        return app;
    }

    public static WebApplication MapWebUi(this WebApplication app)
    {
        app.MapRazorPages().RequireRateLimiting(RateLimits.PerClient);
        return app;
    }

    /// <summary>
    /// Read the account afresh on every request, as the API does for bearer tokens: an account an admin switched
    /// off or reset (new security stamp) loses its session at once. The account is kept for the page.
    /// </summary>
    private static async Task ValidateAccountAsync(CookieValidatePrincipalContext context)
    {
        var http = context.HttpContext;
        var account = context.Principal is null ? null
            : await http.RequestServices.GetRequiredService<CurrentAccount>().FindAsync(context.Principal, http.RequestAborted);
        if (account is null)
        {
            context.RejectPrincipal();
            await http.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        http.Items[typeof(Account)] = account;
    }
}
