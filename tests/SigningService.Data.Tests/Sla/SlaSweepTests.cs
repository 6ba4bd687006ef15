using Microsoft.EntityFrameworkCore;
using SigningService.Domain;
using SigningService.Domain.Sla;

namespace SigningService.Data.Tests.Sla;

/// <summary>The scheduled SLA pass over real records (a migrated SQLite database), with the clock given.</summary>
public sealed class SlaSweepTests : IAsyncLifetime
{
    private SqliteTestDatabase _database = null!;
    private SqliteSigningDbContext _db = null!;
    private DocumentType _type = null!;
    private Signatory _kadis = null!;
    private Guid _client;

    // Monday 2 November 2026, 09:00 WIB: an ordinary working Monday.
    private static readonly DateTimeOffset Monday0900 = new(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(7));

    public async Task InitializeAsync()
    {
        _database = await SqliteTestDatabase.CreateAsync();
        _db = _database.Open();
        var pemda = new Pemda { Code = "malang", Name = "Pemerintah Kota Malang" };
        var opd = new Opd { PemdaId = pemda.Id, Code = "dpmptsp", Name = "DPMPTSP" };
        _kadis = new Signatory { OpdId = opd.Id, Kind = SignatoryKind.Official, Name = "Budi Santoso", Position = "Kepala Dinas", Certificate = [1] };
        _type = new DocumentType { OpdId = opd.Id, Code = "izin", Name = "Izin", SignatureKind = SignatoryKind.Official, DefaultSignatoryId = _kadis.Id, SlaWorkingHours = 8 };
        var client = new IssuingClient { Name = "Perizinan", ApiKeyPrefix = "x", ApiKeyHash = "h", ProtectedWebhookSecret = "s" };
        _client = client.Id;
        _db.AddRange(pemda, opd, _kadis, _type, client);
        await _db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_pending_document_turns_at_risk_at_80_percent_and_overdue_at_its_due_time_each_recorded_once()
    {
        var document = await SubmitAsync(Monday0900);
        Assert.Equal(Monday0900.AddDays(1), document.DueAt); // 8 working hours: Tuesday 09:00

        Assert.Empty(await SweepAt(Monday0900.AddHours(6)));              // 6 of 8 hours: 75 %
        Assert.Equal([(document.Id, SlaState.AtRisk)], await SweepAt(Monday0900.AddHours(6.5)));  // 81 %
        Assert.Empty(await SweepAt(Monday0900.AddHours(7)));              // still at risk: nothing new
        Assert.Equal([(document.Id, SlaState.Overdue)], await SweepAt(Monday0900.AddDays(1)));
        Assert.Empty(await SweepAt(Monday0900.AddDays(3)));

        var events = await _db.AuditEvents.Where(e => e.DocumentId == document.Id).Select(e => e.Action).ToListAsync();
        Assert.Equal(["sla.at-risk", "sla.overdue"], events);
        Assert.Null(AuditChain.Verify(await _db.AuditEvents.OrderBy(e => e.Sequence).ToListAsync(), out _));
    }

    [Fact]
    public async Task The_clock_stops_over_the_weekend()
    {
        // Friday 6 November 13:00 WIB with 8 working hours: 3 h on Friday, due Monday 13:00.
        var friday = new DateTimeOffset(2026, 11, 6, 13, 0, 0, TimeSpan.FromHours(7));
        var document = await SubmitAsync(friday);
        Assert.Equal(new DateTimeOffset(2026, 11, 9, 13, 0, 0, TimeSpan.FromHours(7)), document.DueAt);
        Assert.Empty(await SweepAt(new DateTimeOffset(2026, 11, 8, 20, 0, 0, TimeSpan.FromHours(7)))); // Sunday night: 3 of 8 h
    }

    [Fact]
    public async Task A_signed_document_is_no_longer_swept()
    {
        var document = await SubmitAsync(Monday0900, eseal: true);
        document.Claim(Monday0900.AddMinutes(1), TimeSpan.FromMinutes(1));
        document.MarkSigned(new SignedOutcome("b", "s", 1, Monday0900, "Segel", "Segel Elektronik", "B-B"), Monday0900.AddMinutes(1));
        await _db.SaveChangesAsync();
        Assert.Empty(await SweepAt(Monday0900.AddDays(5)));
    }

    private async Task<Document> SubmitAsync(DateTimeOffset at, bool eseal = false)
    {
        var signatory = eseal
            ? new Signatory { OpdId = _type.OpdId, Kind = SignatoryKind.ESeal, Name = "Segel", Position = "Segel Elektronik", Certificate = [1] }
            : _kadis;
        if (eseal)
            _db.Add(signatory);
        var document = Document.Submit(_client, _type, signatory, new DocumentFacts { Number = "1", Title = "Izin" }, new SigningInstructions(),
            null, null, "h", "o", 1, at, Calendars.Wib2026.AddWorkingTime(at, TimeSpan.FromHours(_type.SlaWorkingHours)));
        _db.Documents.Add(document);
        await _db.SaveChangesAsync();
        return document;
    }

    private Task<IReadOnlyList<(Guid DocumentId, SlaState State)>> SweepAt(DateTimeOffset now) =>
        SlaSweep.RunAsync(new AuditedSave(_db, TimeProvider.System), Calendars.Wib2026, SlaClock.DefaultAtRiskThreshold, now, CancellationToken.None);
}
