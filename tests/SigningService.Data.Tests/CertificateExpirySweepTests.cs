using Microsoft.EntityFrameworkCore;
using SigningService.Domain;

namespace SigningService.Data.Tests;

public sealed class CertificateExpirySweepTests : IAsyncLifetime
{
    private SqliteTestDatabase _database = null!;
    private SqliteSigningDbContext _db = null!;
    private Signatory _kadis = null!;
    private static readonly DateTimeOffset NotAfter = new(2027, 3, 31, 0, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        _database = await SqliteTestDatabase.CreateAsync();
        _db = _database.Open();
        var pemda = new Pemda { Code = "malang", Name = "Pemerintah Kota Malang" };
        var opd = new Opd { PemdaId = pemda.Id, Code = "dpmptsp", Name = "DPMPTSP" };
        _kadis = new Signatory
        {
            OpdId = opd.Id, Kind = SignatoryKind.Official, Name = "Budi Santoso", Nip = "197203151998031004", Position = "Kepala Dinas",
            Certificate = [1], CertificateNotAfter = NotAfter, TokenLabel = "dev-kadis",
        };
        _db.AddRange(pemda, opd, _kadis);
        await _db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_certificate_is_warned_of_once_at_30_days_once_at_7_days_and_not_again()
    {
        Assert.Empty(await SweepAt(NotAfter.AddDays(-31)));
        Assert.Equal([(_kadis.Id, 30)], await SweepAt(NotAfter.AddDays(-30)));
        Assert.Empty(await SweepAt(NotAfter.AddDays(-20)));
        Assert.Equal([(_kadis.Id, 7)], await SweepAt(NotAfter.AddDays(-6)));
        Assert.Empty(await SweepAt(NotAfter.AddDays(-1)));

        var events = await _db.AuditEvents.OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["certificate.expiring", "certificate.expiring"], events.Select(e => e.Action));
        Assert.Contains("\"daysLeft\":6", events[1].Details, StringComparison.Ordinal);
        Assert.Contains("Budi Santoso", events[1].Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_found_only_a_few_days_before_expiry_gets_the_7_day_warning_alone()
    {
        Assert.Equal([(_kadis.Id, 7)], await SweepAt(NotAfter.AddDays(-3)));
        Assert.Empty(await SweepAt(NotAfter.AddDays(-2)));
    }

    private Task<IReadOnlyList<(Guid SignatoryId, int DaysBefore)>> SweepAt(DateTimeOffset now) =>
        CertificateExpirySweep.RunAsync(new AuditedSave(_db, TimeProvider.System), now, CancellationToken.None);
}
