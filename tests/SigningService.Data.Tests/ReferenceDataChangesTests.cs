using Microsoft.EntityFrameworkCore;
using SigningService.Domain;

namespace SigningService.Data.Tests;

/// <summary>
/// Caches of reference data compare <see cref="ReferenceDataChanges.Version"/> before and after they load; a save
/// of reference data moves it once as it starts and once as it ends, however it ends.
/// </summary>
public sealed class ReferenceDataChangesTests : IAsyncLifetime
{
    private readonly ReferenceDataChanges _changes = new();
    private SqliteTestDatabase _database = null!;
    private Guid _opdId;

    public async Task InitializeAsync()
    {
        _database = await SqliteTestDatabase.CreateAsync();
        await using var db = Open();
        var pemda = new Pemda { Code = "malang", Name = "Pemerintah Kota Malang" };
        var opd = new Opd { PemdaId = pemda.Id, Code = "dpmptsp", Name = "DPMPTSP" };
        db.AddRange(pemda, opd);
        await db.SaveChangesAsync();
        _opdId = opd.Id;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_save_of_reference_data_moves_the_version_as_it_starts_and_as_it_ends()
    {
        var before = _changes.Version;
        await using var db = Open();
        (await db.Opds.SingleAsync(o => o.Id == _opdId)).Name = "Dinas Penanaman Modal dan PTSP";
        await db.SaveChangesAsync();

        Assert.Equal(before + 2, _changes.Version);
    }

    [Fact]
    public async Task A_save_of_reference_data_that_finds_its_row_gone_still_moves_the_version_as_it_ends()
    {
        await using var stale = Open();
        var opd = await stale.Opds.SingleAsync(o => o.Id == _opdId);
        await using (var other = Open())
        {
            await other.Opds.Where(o => o.Id == _opdId).ExecuteDeleteAsync();
        }
        var before = _changes.Version;

        opd.Name = "Dinas Penanaman Modal dan PTSP";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync());

        Assert.Equal(before + 2, _changes.Version);
    }

    [Fact]
    public async Task A_save_that_touches_no_reference_data_leaves_the_version_alone()
    {
        var before = _changes.Version;
        await using var db = Open();
        (await db.AuditHeads.SingleAsync()).Hash = new string('a', 64);
        await db.SaveChangesAsync();

        Assert.Equal(before, _changes.Version);
    }

    private SqliteSigningDbContext Open() => _database.Open(_changes);
}
