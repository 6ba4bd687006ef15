using SigningService.Approval;
using SigningService.Web;

namespace SigningService.Pages;

/// <summary>What I did, newest first: paraf, signatures and rejections.</summary>
public sealed class HistoryModel(InboxService inbox) : UiPageModel
{
    public IReadOnlyList<HistoryEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Entries = await inbox.HistoryAsync(Me, 200, ct);
}
