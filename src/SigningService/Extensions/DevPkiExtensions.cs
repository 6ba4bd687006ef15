using Signing.Cms;
using Signing.DevServices;

namespace SigningService.Extensions;

/// <summary>
/// In Development the service also is the dev PKI's TSA, OCSP responder and CRL publisher, at the URLs
/// the dev certificates name (http://localhost:5080/dev-pki/…), so B-T…B-LTA work with nothing else running.
/// Never in any other environment.
/// </summary>
public static class DevPkiExtensions
{
    public static WebApplication MapDevPkiWhenDevelopment(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return app;
        }
        var folder = CertsDevFolder(app);
        if (folder is null)
        {
            app.Logger.LogWarning("certs-dev/ not found above {Root}: the dev TSA/OCSP/CRL endpoints are off.", app.Environment.ContentRootPath);
            return app;
        }
        var state = app.Configuration["DevPki:StateFolder"] ?? Path.Combine(folder, "state");
        app.MapDevPkiEndpoints(DevAuthority.Load(folder, state));
        app.Logger.LogWarning("DEV PKI services from {Folder} at /dev-pki (tsa, ocsp, crl) — NOT FOR PRODUCTION", folder);
        return app;
    }

    /// <summary>DevPki:Folder, or the nearest certs-dev/ above the content root.</summary>
    public static string? CertsDevFolder(WebApplication app) =>
        app.Configuration["DevPki:Folder"] ?? FindCertsDev(app.Environment.ContentRootPath);

    public static string? FindCertsDev(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "certs-dev");
            if (File.Exists(Path.Combine(candidate, "manifest.json")))
            {
                return candidate;
            }
        }
        return null;
    }
}
