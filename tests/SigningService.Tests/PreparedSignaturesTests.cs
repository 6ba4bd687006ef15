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

    private static readonly ArraySegment<byte> Original = new("%PDF-1.7 a small original"u8.ToArray());

    [Fact]
    public void A_fresh_prepared_signature_is_taken_once()
    {
        var clock = new Clock(Accepted);
        var prepared = new PreparedSignatures(clock);
        var id = Guid.NewGuid();
        prepared.Keep(id, PreparedAt(Accepted), Original);

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
        prepared.Keep(id, PreparedAt(Accepted), Original);

        clock.Now = Accepted + PreparedSignatures.MaxAge + TimeSpan.FromSeconds(1);
        Assert.Null(prepared.Take(id));
    }

    [Fact]
    public void When_full_stale_entries_make_room_for_new_ones_and_give_back_their_share_of_the_original_budget()
    {
        var clock = new Clock(Accepted);
        var prepared = new PreparedSignatures(clock);
        for (var i = 0; i < PreparedSignatures.Capacity; i++)
        {
            prepared.Keep(Guid.NewGuid(), PreparedAt(Accepted), Original);
        }

        clock.Now = Accepted.AddMinutes(5);
        var id = Guid.NewGuid();
        prepared.Keep(id, PreparedAt(clock.Now), Original);
        Assert.Equal(Original.Count, prepared.OriginalBytes);
        Assert.NotNull(prepared.Take(id));
    }

    [Fact]
    public void The_original_travels_with_its_prepared_signature_and_is_let_go_when_taken()
    {
        var prepared = new PreparedSignatures(new Clock(Accepted));
        var id = Guid.NewGuid();
        prepared.Keep(id, PreparedAt(Accepted), Original);
        Assert.Equal(Original.Count, prepared.OriginalBytes);

        var entry = prepared.Take(id);
        Assert.Equal(Original.ToArray(), entry!.Original!.Value.ToArray());
        Assert.Equal(0, prepared.OriginalBytes);
    }

    [Fact]
    public void Originals_beyond_the_budget_are_left_to_the_blob_store_but_their_prepared_signatures_are_kept()
    {
        var prepared = new PreparedSignatures(new Clock(Accepted));
        var big = new ArraySegment<byte>(new byte[PreparedSignatures.OriginalBytesBudget / 2 + 1]);
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        prepared.Keep(first, PreparedAt(Accepted), big);
        prepared.Keep(second, PreparedAt(Accepted), big);

        Assert.Equal(big.Count, prepared.OriginalBytes);
        Assert.Null(prepared.Take(second)!.Original);
        Assert.NotNull(prepared.Take(first)!.Original);
        Assert.Equal(0, prepared.OriginalBytes);
    }
}
