using System.Net;
using System.Net.Http.Json;
using System.Text;
using Npgsql;

namespace SigningService.Tests;

/// <summary>
/// An app of its own whose dev key file accepts only its own distinctive PIN, logging everything down to Debug
/// (ASP.NET Core down to Trace):
/// after wrong and right PINs were used, the PIN is nowhere — not in the log, the database, or any file of the data folder.
/// The PINs are 12 digits: the data folder holds thousands of 6-digit windows of varying digits (timestamps,
/// hex signatures), so a 6-digit PIN turns up there by chance in about one run in a few hundred; 12 digits never do.
/// </summary>
public abstract class PinSecrecyTests(ServiceApp app)
{
    public const string Pin = "739251846302";
    private const string WrongPin = "582917364085";

    [Fact]
    public async Task After_approvals_with_wrong_and_right_pins_neither_pin_is_in_the_log_the_database_or_the_data_folder()
    {
        var first = await Inbox.SubmitAsync(app);
        var second = await Inbox.SubmitAsync(app);
        using var kadis = await Inbox.LoginAsync(app, "kadis");
        using (var wrong = await Inbox.ApproveAsync(kadis, first.Id, WrongPin))
            await Api.ExpectProblemAsync(wrong, HttpStatusCode.UnprocessableEntity, "pin-incorrect");
        using (var devDefault = await Inbox.ApproveAsync(kadis, first.Id, Inbox.DevPin))
            await Api.ExpectProblemAsync(devDefault, HttpStatusCode.UnprocessableEntity, "pin-incorrect");
        var batch = await Inbox.BatchOkAsync(kadis, [first.Id, second.Id], Pin);
        Assert.Equal(2, batch.Succeeded);
        await Task.Delay(1500); // let the outbox jobs write what they write

        Assert.NotEmpty(app.Log.Entries);
        await AssertNowhereAsync(Pin, WrongPin);
    }

    [Fact]
    public async Task Pins_typed_into_the_web_ui_are_not_in_the_log_even_at_trace_level_nor_in_the_database_or_the_data_folder()
    {
        const string uiWrongPin = "468213579024";
        var first = await Inbox.SubmitAsync(app);
        var second = await Inbox.SubmitAsync(app);
        using var kadis = await WebUi.LoginAsync(app, "kadis");
        var refused = await kadis.PostPageAsync($"/dokumen/{first.Id}/Setujui", [new("pin", uiWrongPin)], $"/dokumen/{first.Id}");
        Assert.StartsWith("PIN salah.", WebUi.Text(refused, "pesan-pin"), StringComparison.Ordinal);
        var plain = await kadis.PostPageAsync("/kotak-masuk/Setujui", [new("ids", first.Id.ToString()), new("pin", Pin)], "/kotak-masuk");
        Assert.Equal("Selesai: 1 berhasil, 0 gagal.", WebUi.Text(plain, "status-hasil"));
        var streamed = await kadis.PostPageAsync("/kotak-masuk/Bertahap", [new("ids", second.Id.ToString()), new("pin", Pin)], "/kotak-masuk");
        Assert.Contains("\"outcome\":\"signed\"", streamed, StringComparison.Ordinal);
        await Task.Delay(1500); // let the outbox jobs write what they write

        // MVC logs handler arguments at Trace, which this app lets through: the pages must not take the PIN as one.
        Assert.Contains(app.Log.Entries, e => e.Contains("Executing handler method", StringComparison.Ordinal) && e.Contains("with arguments", StringComparison.Ordinal));
        await AssertNowhereAsync(Pin, uiWrongPin);
    }

    private async Task AssertNowhereAsync(params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            if (app.Log.Entries.FirstOrDefault(e => e.Contains(secret, StringComparison.Ordinal)) is { } entry)
                Assert.Fail($"the log holds {secret}: …{Around(entry, entry.IndexOf(secret, StringComparison.Ordinal))}…");
            Assert.False(await DatabaseContainsAsync(secret), $"the database holds {secret}");
            await AssertNoFileHoldsAsync(secret);
        }
    }

    /// <summary>
    /// Every file of the data folder, as ASCII and as UTF-16. A file may vanish between listing and reading (an
    /// e-mail's temporary name, renamed when written): then the folder is listed and read again, so the renamed
    /// file is read too.
    /// </summary>
    private async Task AssertNoFileHoldsAsync(string secret)
    {
        byte[][] needles = [Encoding.ASCII.GetBytes(secret), Encoding.Unicode.GetBytes(secret)];
        for (var listing = 1; ; listing++)
        {
            try
            {
                foreach (var file in Directory.EnumerateFiles(app.DataFolder, "*", SearchOption.AllDirectories))
                {
                    var bytes = await File.ReadAllBytesAsync(file);
                    foreach (var needle in needles)
                        if (bytes.AsSpan().IndexOf(needle) is var at and >= 0)
                            Assert.Fail($"{file} holds {secret} at byte {at}: …{Around(Encoding.Latin1.GetString(bytes), at)}…");
                }
                return;
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException && listing < 5)
            {
            }
        }
    }

    /// <summary>60 characters either side of <paramref name="at"/>, control characters shown as '.'.</summary>
    private static string Around(string text, int at)
    {
        var start = Math.Max(0, at - 60);
        var excerpt = text.Substring(start, Math.Min(text.Length, at + 72) - start);
        return new string([.. excerpt.Select(c => char.IsControl(c) ? '.' : c)]);
    }

    /// <summary>SQLite: its files are in the data folder (checked above). PostgreSQL: every row of every table, as text.</summary>
    private async Task<bool> DatabaseContainsAsync(string secret)
    {
        if (app.PostgresConnectionString is not { } connectionString)
            return false;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));
        Assert.Contains("DocumentSignatures", tables);
        foreach (var table in tables)
        {
            await using var search = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\" t WHERE t::text LIKE '%' || @secret || '%'", connection);
            search.Parameters.AddWithValue("secret", secret);
            if ((long)(await search.ExecuteScalarAsync())! > 0)
                return true;
        }
        return false;
    }
}

public sealed class PinSecrecySqliteApp() : ServiceApp(Provider.Sqlite)
{
    protected override void Configure(Dictionary<string, string> settings)
    {
        settings["Keys:DevPersonalPin"] = PinSecrecyTests.Pin;
        settings["Logging:LogLevel:Default"] = "Debug";
        settings["Logging:LogLevel:SigningService.Signing"] = "Debug";
        settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
        settings["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Information";
    }
}

public sealed class PinSecrecyPostgresApp() : ServiceApp(Provider.PostgreSql)
{
    protected override void Configure(Dictionary<string, string> settings)
    {
        settings["Keys:DevPersonalPin"] = PinSecrecyTests.Pin;
        settings["Logging:LogLevel:Default"] = "Debug";
        settings["Logging:LogLevel:SigningService.Signing"] = "Debug";
        settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
        settings["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Information";
    }
}

public sealed class PinSecrecyTestsOnSqlite(PinSecrecySqliteApp app) : PinSecrecyTests(app), IClassFixture<PinSecrecySqliteApp>;

public sealed class PinSecrecyTestsOnPostgres(PinSecrecyPostgresApp app) : PinSecrecyTests(app), IClassFixture<PinSecrecyPostgresApp>;
