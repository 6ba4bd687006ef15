using Microsoft.AspNetCore.Mvc;
using SigningService.Approval;
using SigningService.Web;

namespace SigningService.Pages;

/// <summary>
/// One document of my inbox or history: the facts, the paraf chain, a preview of the original PDF (pdf.js) with a
/// plain download, and what I may do now — paraf, approve and sign with the PIN, or reject with a reason. A
/// document that is not mine is a 404 page whether it exists or not, also when a POST is forged.
/// </summary>
public sealed class DocumentModel(InboxService inbox, UiApproval approval, ApprovalDecisions decisions) : UiPageModel
{
    public InboxDocument? Document { get; private set; }

    public UiApprovalOutcome? Outcome { get; private set; }

    public string? RejectError { get; private set; }

    public string? RejectReason { get; private set; }

    public bool Rejected { get; private set; }

    public bool MayReject => Document is { } d && (d.Action is not null || d.WaitingForParaf);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFoundPage();

    /// <summary>The original PDF (preview and download), or with varian=ttd the signed one.</summary>
    public async Task<IActionResult> OnGetBerkasAsync(Guid id, string? varian, CancellationToken ct)
    {
        var file = await inbox.OpenFileAsync(Me, id, varian == "ttd", ct);
        if (file.Stream is not { } stream)
            return NotFound();
        Response.Headers.CacheControl = "no-store";
        return File(stream, "application/pdf", varian == "ttd" ? $"{id}-ttd.pdf" : $"{id}.pdf");
    }

    public async Task<IActionResult> OnPostSetujuiAsync(Guid id, CancellationToken ct)
    {
        Outcome = await approval.ApproveAsync(Me, [id], PostedPin(), ct);
        if (Outcome.Rows is [{ Code: InboxCodes.NotYourDocument }])
            return NotFoundPage();
        return await LoadAsync(id, ct) ? Page() : NotFoundPage();
    }

    public async Task<IActionResult> OnPostTolakAsync(Guid id, string? alasan, CancellationToken ct)
    {
        var reason = alasan?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 1000)
        {
            RejectError = "Tuliskan alasan penolakan (paling banyak 1000 karakter): alasan ini dikirim ke sistem pengaju.";
            RejectReason = reason;
            return await LoadAsync(id, ct) ? Page() : NotFoundPage();
        }
        var result = await decisions.RejectAsync(Me, id, reason, ct);
        if (result.Code == InboxCodes.NotYourDocument)
            return NotFoundPage();
        if (!result.Succeeded)
        {
            RejectError = UiText.Failure(result.Code);
            RejectReason = reason;
        }
        Rejected = result.Succeeded;
        return await LoadAsync(id, ct) ? Page() : NotFoundPage();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        Document = await inbox.GetAsync(Me, id, ct);
        return Document is not null;
    }
}
