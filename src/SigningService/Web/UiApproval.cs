using Signing.Abstractions;
using SigningService.Approval;
using SigningService.Domain.Approval;

namespace SigningService.Web;

/// <summary>One document of an approval as the UI lists it: what it is called and what became of it.</summary>
public sealed record UiResultRow(Guid Id, string Label, string Outcome, string? Code, string Message);

/// <summary>
/// What an approval from the UI came to: a row per document, or <see cref="Refusal"/> when the request was
/// refused as a whole (wrong or locked PIN, no PIN, too many documents) and nothing changed.
/// </summary>
public sealed record UiApprovalOutcome(IReadOnlyList<UiResultRow> Rows, string? Refusal = null, string? RefusalCode = null)
{
    public int Succeeded => Rows.Count(r => r.Outcome != "failed");
    public int Failed => Rows.Count(r => r.Outcome == "failed");
}

/// <summary>
/// Approvals from the web UI, through <see cref="ApprovalService"/> like the JSON API: each result gets the
/// document's number as its label and an Indonesian message; a refusal of the whole request becomes one message.
/// The PIN goes straight to the service and is not kept, logged or echoed.
/// </summary>
public sealed class UiApproval(ApprovalService approvals, InboxService inbox)
{
    public async Task<UiApprovalOutcome> ApproveAsync(
        Account me, IReadOnlyList<Guid> ids, string? pin, CancellationToken ct, Func<UiResultRow, Task>? onEach = null)
    {
        if (ids.Count == 0)
            return new UiApprovalOutcome([], "Pilih dulu dokumen yang akan disetujui.", InboxCodes.InvalidRequest);
        // Labels of what is in the inbox now; anything else is shown by its id (it is not theirs anyway).
        var labels = (await inbox.ListAsync(me, new InboxFilter(), ct)).ToDictionary(i => i.Id, i => $"{i.Number} — {i.Title}");
        UiResultRow Row(ApprovalResult r) =>
            new(r.DocumentId, labels.GetValueOrDefault(r.DocumentId) ?? r.DocumentId.ToString(), r.Outcome, r.Code, UiText.Outcome(r));
        try
        {
            var results = await approvals.ApproveAsync(me, ids, string.IsNullOrEmpty(pin) ? null : pin, ct,
                onEach is null ? null : r => onEach(Row(r)));
            return new UiApprovalOutcome(results.Select(Row).ToList());
        }
        catch (KeyAccessException e)
        {
            return new UiApprovalOutcome([], UiText.KeyAccess(e), e.Code);
        }
        catch (RequestRefusedException e)
        {
            return new UiApprovalOutcome([], e.Code == InboxCodes.InvalidRequest
                ? $"Pilih 1 sampai {ApprovalService.MaxBatch} dokumen sekaligus." : UiText.Refused(e), e.Code);
        }
    }
}
