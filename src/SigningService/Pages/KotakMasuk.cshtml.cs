using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using SigningService.Approval;
using SigningService.Web;

namespace SigningService.Pages;

/// <summary>
/// What waits for me (paraf or signature), overdue first, filtered by type and age; several at once with one PIN.
/// Without JavaScript the batch is a plain POST answered by this page with a result per document; with it, the
/// page's script posts the same form to <see cref="OnPostBertahapAsync"/> and shows each result as it comes.
/// </summary>
public sealed class InboxModel(InboxService inbox, UiApproval approval, ApprovalAdministration admin) : UiPageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Document type code, or empty for all.</summary>
    [BindProperty(SupportsGet = true, Name = "jenis")]
    public string? Type { get; set; }

    /// <summary>"baru" (under a day), or a minimum age in days: "1", "3", "7"; empty for any age.</summary>
    [BindProperty(SupportsGet = true, Name = "umur")]
    public string? Age { get; set; }

    public IReadOnlyList<InboxItem> Items { get; private set; } = [];

    public IReadOnlyList<DocumentTypeView> Types { get; private set; } = [];

    public UiApprovalOutcome? Outcome { get; private set; }

    public bool HasSignItems => Items.Any(i => i.Action == "sign");

    public static readonly IReadOnlyList<(string Value, string Label)> Ages =
        [("", "Semua umur"), ("baru", "Kurang dari 1 hari"), ("1", "Lebih dari 1 hari"), ("3", "Lebih dari 3 hari"), ("7", "Lebih dari 7 hari")];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostSetujuiAsync(List<Guid> ids, CancellationToken ct)
    {
        Outcome = await approval.ApproveAsync(Me, ids, PostedPin(), ct);
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>
    /// The same approval, answered as NDJSON while it runs: a "start" line, a "result" line per document as soon as
    /// it is done, then "done" — or a single "refused" line when the request was refused as a whole (wrong PIN…).
    /// </summary>
    public async Task<IActionResult> OnPostBertahapAsync(List<Guid> ids, CancellationToken ct)
    {
        Response.ContentType = "application/x-ndjson; charset=utf-8";
        HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await WriteAsync(new { type = "start", total = ids.Distinct().Count() }, ct);
        var outcome = await approval.ApproveAsync(Me, ids, PostedPin(), ct, row => WriteAsync(new
        {
            type = "result", id = row.Id, label = row.Label, outcome = row.Outcome, code = row.Code, message = row.Message,
        }, ct));
        if (outcome.Refusal is not null)
            await WriteAsync(new { type = "refused", code = outcome.RefusalCode, message = outcome.Refusal }, ct);
        else
            await WriteAsync(new { type = "done", succeeded = outcome.Succeeded, failed = outcome.Failed }, ct);
        return new EmptyResult();
    }

    private async Task WriteAsync(object line, CancellationToken ct)
    {
        await Response.WriteAsync(JsonSerializer.Serialize(line, Json) + "\n", ct);
        await Response.Body.FlushAsync(ct);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var type = string.IsNullOrEmpty(Type) ? null : Type;
        var filter = Age switch
        {
            "baru" => new InboxFilter(type, MaxAgeHours: 24),
            "1" or "3" or "7" => new InboxFilter(type, MinAgeHours: int.Parse(Age, System.Globalization.CultureInfo.InvariantCulture) * 24),
            _ => new InboxFilter(type),
        };
        Items = await inbox.ListAsync(Me, filter, ct);
        Types = (await admin.DocumentTypesAsync(ct)).Where(t => t.Kind == "official").ToList();
    }
}
