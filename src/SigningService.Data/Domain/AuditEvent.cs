using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SigningService.Domain;

/// <summary>
/// One row of the append-only audit trail: a state change or a use of a key. Each row carries the hash of
/// the previous one, so deleting, reordering or editing any row breaks the chain from there on
/// (<see cref="AuditChain.Verify"/> names the first broken row).
/// </summary>
public sealed class AuditEvent
{
    public long Sequence { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public Guid? DocumentId { get; init; }
    public string Details { get; init; } = "";
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}

/// <summary>The newest link of the chain: one row, updated with each append under optimistic concurrency.</summary>
public sealed class AuditHead
{
    public const int SingletonId = 1;
    public int Id { get; init; } = SingletonId;
    public long Sequence { get; set; }
    public string Hash { get; set; } = AuditChain.GenesisHash;
}

public static class AuditChain
{
    /// <summary>The "previous hash" of the first row.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>SHA-256 over the row's fields and the previous hash, each length-prefixed so fields cannot slide into each other.</summary>
    public static string HashOf(long sequence, DateTimeOffset at, string actor, string action, Guid? documentId, string details, string previousHash)
    {
        var sb = new StringBuilder();
        foreach (var part in new[]
                 {
                     sequence.ToString(CultureInfo.InvariantCulture),
                     at.UtcTicks.ToString(CultureInfo.InvariantCulture),
                     actor, action, documentId?.ToString("N") ?? "", details, previousHash,
                 })
        {
            sb.Append(part.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(part).Append('|');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    public static string HashOf(AuditEvent e) => HashOf(e.Sequence, e.At, e.Actor, e.Action, e.DocumentId, e.Details, e.PreviousHash);

    /// <summary>
    /// Walks the rows in sequence order. Returns null when every row links to the one before and hashes
    /// to what it says, else a description naming the first broken row.
    /// </summary>
    public static AuditChainBreak? Verify(IEnumerable<AuditEvent> rowsInOrder, out long rowsChecked)
    {
        rowsChecked = 0;
        var previous = GenesisHash;
        long expectedSequence = 1;
        foreach (var row in rowsInOrder)
        {
            rowsChecked++;
            if (row.Sequence != expectedSequence)
                return new AuditChainBreak(row.Sequence, $"expected row {expectedSequence} here, found row {row.Sequence} (a row is missing)");
            if (!string.Equals(row.PreviousHash, previous, StringComparison.Ordinal))
                return new AuditChainBreak(row.Sequence, "its previous-hash does not match the row before it");
            if (!string.Equals(HashOf(row), row.Hash, StringComparison.Ordinal))
                return new AuditChainBreak(row.Sequence, "its content does not match its hash (the row was changed)");
            previous = row.Hash;
            expectedSequence++;
        }
        return null;
    }
}

public sealed record AuditChainBreak(long Sequence, string Problem);
