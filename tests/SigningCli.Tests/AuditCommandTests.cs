using Microsoft.EntityFrameworkCore;
using SigningService.Data;
using TestSupport;

namespace SigningCli.Tests;

public sealed class AuditCommandTests
{
    [Fact]
    public async Task Audit_verify_accepts_an_intact_chain_and_names_the_first_row_that_was_changed()
    {
        using var dir = new TempDir();
        var connection = $"Data Source={dir.File("signing.db")}";
        await using (var db = AuditChainCheck.Open("sqlite", connection))
        {
            await db.Database.MigrateAsync();
            for (var i = 0; i < 3; i++)
            {
                var save = new AuditedSave(db, TimeProvider.System);
                save.Record("test", "document.received", Guid.NewGuid(), new { i });
                save.Record("worker", "document.signed", Guid.NewGuid(), new { i });
                await save.SaveAsync(CancellationToken.None);
            }
        }

        var intact = Cli.Run("audit", "verify", "--provider", "sqlite", "--connection", connection);
        Assert.Equal(0, intact.ExitCode);
        Assert.Contains("audit chain intact: 6 row(s)", intact.StdOut, StringComparison.Ordinal);

        await using (var db = AuditChainCheck.Open("sqlite", connection))
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE AuditEvents SET Actor = 'someone-else' WHERE Sequence = 4");
        }
        var tampered = Cli.Run("audit", "verify", "--provider", "sqlite", "--connection", connection);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("error [audit-chain-broken]: row 4:", tampered.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_verify_notices_rows_cut_from_the_end()
    {
        using var dir = new TempDir();
        var connection = $"Data Source={dir.File("signing.db")}";
        await using (var db = AuditChainCheck.Open("sqlite", connection))
        {
            await db.Database.MigrateAsync();
            var save = new AuditedSave(db, TimeProvider.System);
            save.Record("test", "a", null);
            save.Record("test", "b", null);
            await save.SaveAsync(CancellationToken.None);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM AuditEvents WHERE Sequence = 2");
        }
        var result = Cli.Run("audit", "verify", "--connection", connection);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("rows after 1 were removed", result.StdErr, StringComparison.Ordinal);
    }
}
