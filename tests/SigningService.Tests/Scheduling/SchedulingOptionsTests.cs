using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using TestSupport;

namespace SigningService.Tests.Scheduling;

/// <summary>Section "Scheduling" is bound and validated when the service starts: bad values stop it, with the reason.</summary>
public sealed class SchedulingOptionsTests
{
    [Theory]
    [InlineData("Scheduling:HeartbeatSeconds", "1", "Scheduling:HeartbeatSeconds needs the clustered scheduler")]
    [InlineData("Scheduling:CheckinInterval", "00:00:00.500", "Scheduling:CheckinInterval must be between")]
    [InlineData("Scheduling:InstanceName", "", "'JobSchedulingOptions' members: 'InstanceName'")]
    public void The_service_refuses_to_start_with_an_invalid_scheduling_option(string key, string value, string reason)
    {
        using var data = new TempDir();
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Storage:DataFolder", data.Path);
            b.UseSetting("DevPki:Folder", RepoPaths.CertsDev);
            b.UseSetting("DevPki:StateFolder", Path.Combine(data.Path, "dev-pki-state"));
            b.UseSetting("Database:Provider", "Sqlite");
            b.UseSetting("Logging:LogLevel:Default", "None");
            b.UseSetting(key, value);
        });
        // One OptionsValidationException, or several in an AggregateException when Quartz's own options object too.
        var refused = Assert.ThrowsAny<Exception>(() => factory.Services);
        var failures = refused is AggregateException all ? all.InnerExceptions : [refused];
        Assert.All(failures, f => Assert.IsType<OptionsValidationException>(f));
        Assert.Contains(failures, f => f.Message.Contains(reason, StringComparison.Ordinal));
    }
}
