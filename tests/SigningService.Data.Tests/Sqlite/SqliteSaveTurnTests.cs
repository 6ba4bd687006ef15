using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SigningService.Domain;

namespace SigningService.Data.Tests.Sqlite;

/// <summary>
/// Saves through the SQLite context take turns (one SQLite writer at a time), so every way a save can end must
/// hand the turn on: a turn kept by a failed save would stop every later write of the process for good.
/// </summary>
public sealed class SqliteSaveTurnTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private SqliteTestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await SqliteTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_save_that_loses_an_optimistic_concurrency_check_does_not_keep_the_turn()
    {
        await using var stale = Open();
        var staleHead = await stale.AuditHeads.SingleAsync();
        await using (var other = Open())
        {
            (await other.AuditHeads.SingleAsync()).Hash = new string('a', 64);
            await other.SaveChangesAsync();
        }

        staleHead.Hash = new string('b', 64);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync());

        await AssertALaterSaveGoesThrough(new string('c', 64));
    }

    [Fact]
    public async Task A_save_that_the_database_refuses_does_not_keep_the_turn()
    {
        await using (var db = Open())
        {
            db.AuditHeads.Add(new AuditHead());
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await AssertALaterSaveGoesThrough(new string('d', 64));
    }

    [Fact]
    public async Task A_synchronous_save_that_loses_an_optimistic_concurrency_check_does_not_keep_the_turn()
    {
        using var stale = Open();
        var staleHead = stale.AuditHeads.Single();
        using (var other = Open())
        {
            other.AuditHeads.Single().Hash = new string('e', 64);
            other.SaveChanges();
        }

        staleHead.Hash = new string('f', 64);
        Assert.Throws<DbUpdateConcurrencyException>(() => stale.SaveChanges());

        await AssertALaterSaveGoesThrough(new string('0', 64));
    }

    [Fact]
    public async Task A_save_that_a_later_interceptor_refuses_does_not_keep_the_turn()
    {
        await using (var db = Open(new RefusingSave()))
        {
            (await db.AuditHeads.SingleAsync()).Hash = new string('9', 64);
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        await AssertALaterSaveGoesThrough(new string('8', 64));
    }

    [Fact]
    public async Task A_save_canceled_while_it_waits_for_the_turn_does_not_hand_on_a_turn_it_never_had()
    {
        var paused = new PausedSave();
        await using var holder = Open(paused);
        await using var waiter = Open();
        await using var third = Open();
        (await holder.AuditHeads.SingleAsync()).Hash = new string('1', 64);
        (await waiter.AuditHeads.SingleAsync()).Hash = new string('2', 64);
        (await third.AuditHeads.SingleAsync()).Hash = new string('3', 64);
        var holderSave = holder.SaveChangesAsync();
        await paused.Reached.Task.WaitAsync(Patience);

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter.SaveChangesAsync(cancel.Token));
        var thirdSave = third.SaveChangesAsync();
        await Task.Delay(300);
        Assert.False(thirdSave.IsCompleted, "the canceled waiter let a third save in while the holder still had the turn");

        paused.Resume.SetResult();
        Assert.Equal(1, await holderSave.WaitAsync(Patience));
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => thirdSave.WaitAsync(Patience));
    }

    private async Task AssertALaterSaveGoesThrough(string hash)
    {
        await using var db = Open();
        (await db.AuditHeads.SingleAsync()).Hash = hash;
        var save = db.SaveChangesAsync();
        Assert.True(await Task.WhenAny(save, Task.Delay(Patience)) == save, $"a later save still waited for its turn after {Patience.TotalSeconds} s");
        Assert.Equal(1, await save);
    }

    private SqliteSigningDbContext Open(params IInterceptor[] after) => _database.Open(after);

    /// <summary>Runs inside the save, after the turn is taken, and refuses the save it has let in.</summary>
    private sealed class RefusingSave : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("refused after the gate");
    }

    /// <summary>Runs inside the save, after the turn is taken: holds a save that already has its turn until the test resumes it.</summary>
    private sealed class PausedSave : SaveChangesInterceptor
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Resume { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Reached.SetResult();
            await Resume.Task;
            return result;
        }
    }
}
