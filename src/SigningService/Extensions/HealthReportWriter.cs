using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SigningService.Extensions;

/// <summary>/health as JSON: the overall status and each check's status and description (no secrets, no stack traces).</summary>
public static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
}
