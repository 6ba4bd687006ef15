using Signing.Abstractions;
using Signing.Core.Signing;
using SigningService.Signing;

namespace SigningService.Tests;

/// <summary>Signatures prepared at submission are handed to the worker only while their stamp time still stands.</summary>
public sealed class PreparedSignaturesTests
{
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly DateTimeOffset Accepted = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private static PreparedSignature PreparedAt(DateTimeOffset signingTime) => new()
    {
        FieldName = "Signature1", SigningTime = signingTime, OriginalLength = 1, OriginalSha256 = "", UpdateBytes = [],
        ByteRange = [0, 0, 0, 0], ContentsOffset = 0, ContentsCapacity = 0, Digest = DigestAlgorithm.Sha256,
        Scheme = SignatureScheme.RsaPkcs1, DocumentDigest = [], SignedAttributes = [], SignerCertificate = [], Chain = [],
    };

    [Fact]
    public void A_fresh_prepared_signature_is_taken_once()
    {
        var clock = new Clock(Accepted);
        var prepared = new PreparedSignatures(clock);
        var id = Guid.NewGuid();
        prepared.Keep(id, PreparedAt(Accepted));

        clock.Now = Accepted.AddSeconds(5);
        Assert.NotNull(prepared.Take(id));
        Assert.Null(prepared.Take(id));
    }

    [Fact]
    public void One_older_than_a_minute_is_not_used_so_the_worker_prepares_again_with_the_real_signing_time()
    {
        var clock = new Clock(Accepted);
        var prepared = new PreparedSignatures(clock);
        var id = Guid.NewGuid();
        prepared.Keep(id, PreparedAt(Accepted));

        clock.Now = Accepted + PreparedSignatures.MaxAge + TimeSpan.FromSeconds(1);
        Assert.Null(prepared.Take(id));
    }

    [Fact]
    public void When_full_stale_entries_make_room_for_new_ones()
    {
        var clock = new Clock(Accepted);
        var prepared = new PreparedSignatures(clock);
        for (var i = 0; i < PreparedSignatures.Capacity; i++)
        {
            prepared.Keep(Guid.NewGuid(), PreparedAt(Accepted));
        }

        clock.Now = Accepted.AddMinutes(5);
        var id = Guid.NewGuid();
        prepared.Keep(id, PreparedAt(clock.Now));
        Assert.NotNull(prepared.Take(id));
    }
}
