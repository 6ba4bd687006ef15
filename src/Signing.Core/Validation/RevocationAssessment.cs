using Signing.Cms.Revocation;

namespace Signing.Core.Validation;

/// <summary>
/// Revocation of the signer's path at the signature's best proven time: from the /DSS (offline), or from
/// fresh OCSP/CRL answers when online checking is asked for. A certificate revoked after a time-stamp
/// proved the signature existed does not invalidate it (ETSI TS 119 102-1 §5.2.11); revoked before — or
/// with no proven time — does.
/// </summary>
internal static class RevocationAssessment
{
    public sealed record Result(IReadOnlyList<string> Lines, bool RevokedBeforeSigning, bool CompleteFromEmbedded);

    public static Result Assess(
        IReadOnlyList<ReadOnlyMemory<byte>> chain, RevocationData embedded, RevocationData? online, DateTimeOffset? provenTime, DateTimeOffset now)
    {
        if (chain.Count == 0)
        {
            return new Result(["no certificate path to check"], false, false);
        }
        var offline = RevocationChecker.CheckChain(chain, embedded, provenTime ?? now);
        bool complete = offline.Count > 0 && offline.All(s => s.Status == RevocationStatus.Good);
        var statuses = online?.Statuses.Count > 0 ? online.Statuses : offline;
        var source = online?.Statuses.Count > 0 ? "online" : "embedded";
        bool revokedBefore = statuses.Any(s =>
            (s.Status == RevocationStatus.Revoked || s.RevokedAt is not null) &&
            (provenTime is null || s.RevokedAt is null || s.RevokedAt <= provenTime));
        var lines = statuses.Select(s => $"{s.Subject}: {s.Describe()} [{source}]").ToList();
        return new Result(lines, revokedBefore, complete);
    }
}
