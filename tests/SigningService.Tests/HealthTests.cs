using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace SigningService.Tests;

/// <summary>/health tells operations whether the database answers and every e-seal key can sign.</summary>
public abstract class HealthTests(ServiceApp app)
{
    [Fact]
    public async Task Health_is_200_when_the_database_answers_and_every_eseal_made_a_test_signature_and_503_naming_a_broken_token()
    {
        // Other tests leave broken e-seals behind in OPDs of their own; they are done (a collection runs one test at a time).
        await app.WithDb(db => db.Signatories.Where(s => s.TokenLabel!.StartsWith("dev-no-such-token-"))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Active, false)));
        using var anonymous = app.Client(apiKey: null);
        var healthy = await ReadAsync(anonymous);
        Assert.Equal(HttpStatusCode.OK, healthy.Status);
        Assert.Equal("Healthy", healthy.Json.GetProperty("status").GetString());
        Assert.Equal("Healthy", healthy.Json.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Contains("made a test signature",
            healthy.Json.GetProperty("checks").GetProperty("signing-keys").GetProperty("description").GetString(), StringComparison.Ordinal);

        var code = "sehat" + Guid.NewGuid().ToString("N")[..6];
        var (_, _, signatoryId) = await app.CreateOpdWithBrokenESealAsync(code);
        try
        {
            var broken = await ReadAsync(anonymous);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, broken.Status);
            var keys = broken.Json.GetProperty("checks").GetProperty("signing-keys");
            Assert.Equal("Unhealthy", keys.GetProperty("status").GetString());
            Assert.Contains("dev-no-such-token-" + code, keys.GetProperty("description").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            // Retire the broken e-seal so the rest of the suite sees a healthy service again.
            await app.WithDb(db => db.Signatories.Where(s => s.Id == signatoryId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Active, false)));
        }
        Assert.Equal(HttpStatusCode.OK, (await ReadAsync(anonymous)).Status);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> ReadAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class HealthTestsOnSqlite(SqliteApp app) : HealthTests(app);

[Collection(PostgresCollection.Name)]
public sealed class HealthTestsOnPostgres(PostgresApp app) : HealthTests(app);
