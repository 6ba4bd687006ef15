using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SigningService.Approval;
using SigningService.Domain.Approval;
using TestSupport;

namespace SigningService.Tests;

/// <summary>The service with officials' keys on SoftHSM tokens (Keys:Pkcs11Module), as in production.</summary>
public sealed class Pkcs11App() : ServiceApp(Provider.Sqlite)
{
    protected override void Configure(Dictionary<string, string> settings)
    {
        SoftHsmEnvironment.Ensure(); // before the module is loaded: SoftHSM reads SOFTHSM2_CONF once
        settings["Keys:Pkcs11Module"] = SoftHsmEnvironment.ModulePath;
    }
}

/// <summary>
/// PIN signing on real PKCS#11 tokens: the token checks the PIN, approvals for one token take turns, and
/// approvals for different tokens go on in parallel. (Token behaviour does not depend on the database: SQLite.)
/// </summary>
public sealed class Pkcs11ApprovalTests(Pkcs11App app) : IClassFixture<Pkcs11App>
{
    private const string SekretarisNip = "198005222005012003";

    [Fact]
    public async Task The_token_refuses_a_wrong_pin_and_signs_with_the_right_one_into_a_pdf_pdfsig_accepts()
    {
        var document = await Inbox.SubmitAsync(app);
        using var kadis = await Inbox.LoginAsync(app, "kadis");

        using (var wrong = await Inbox.ApproveAsync(kadis, document.Id, "999999"))
            await Api.ExpectProblemAsync(wrong, HttpStatusCode.UnprocessableEntity, "pin-incorrect");
        using var client = app.Client();
        Assert.Equal("pending_approval", (await Api.GetAsync(client, document.Id)).Status);

        await Inbox.ApproveOkAsync(kadis, document.Id, DevIdentity.Pin);
        var signed = await Api.GetAsync(client, document.Id);
        SignedPdf.AssertValid(Sample.Permit, await Api.DownloadAsync(client, document.Id, "signed"), signed.SignedSha256!, signed.VerifyUrl);
    }

    [Fact]
    public async Task Two_batches_for_one_token_take_turns_while_a_batch_for_another_token_goes_ahead()
    {
        var batchA = new List<Guid>();
        var batchB = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            batchA.Add((await Inbox.SubmitAsync(app)).Id);
            batchB.Add((await Inbox.SubmitAsync(app)).Id);
        }
        var other = new List<Guid> { (await Inbox.SubmitAsync(app, signerNip: SekretarisNip)).Id, (await Inbox.SubmitAsync(app, signerNip: SekretarisNip)).Id };
        using var kadis = await Inbox.LoginAsync(app, "kadis");
        using var sekretaris = await Inbox.LoginAsync(app, "sekretaris");

        // Someone is using the Kepala Dinas's token: both of his batches must wait for it.
        var turns = app.Services.GetRequiredService<TokenTurns>();
        var held = await turns.TakeAsync("dev-kadis", CancellationToken.None);
        Task<SigningService.Api.BatchApproveResponse> first, second;
        try
        {
            first = Inbox.BatchOkAsync(kadis, batchA, DevIdentity.Pin);
            second = Inbox.BatchOkAsync(kadis, batchB, DevIdentity.Pin);
            var watch = Stopwatch.StartNew();
            var elsewhere = await Inbox.BatchOkAsync(sekretaris, other, DevIdentity.Pin);
            Assert.Equal(2, elsewhere.Succeeded);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"the other token's batch took {watch.Elapsed}");
            await Task.Delay(500);
            Assert.False(first.IsCompleted || second.IsCompleted, "a batch signed while its token was in use");
            Assert.Empty(await app.WithDb(db => db.DocumentSignatures.Where(s => batchA.Contains(s.DocumentId) || batchB.Contains(s.DocumentId)).ToListAsync()));
        }
        finally
        {
            held.Dispose();
        }
        Assert.Equal(3, (await first).Succeeded);
        Assert.Equal(3, (await second).Succeeded);

        // Taking turns means one batch's signatures all come before the other's: never interleaved.
        var order = await app.WithDb(db => db.DocumentSignatures.AsNoTracking()
            .Where(s => s.Kind == DocumentSignatureKind.Signature && (batchA.Contains(s.DocumentId) || batchB.Contains(s.DocumentId)))
            .OrderBy(s => s.At).Select(s => s.DocumentId).ToListAsync());
        var labels = string.Concat(order.Select(id => batchA.Contains(id) ? 'A' : 'B'));
        Assert.True(labels is "AAABBB" or "BBBAAA", $"signature order {labels}");
    }
}
