using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using SigningService.Data;
using SigningService.Domain;

namespace SigningService.Verification;

/// <summary>
/// GET /t/{trackingCode}: a citizen follows their request through its stages (received, paraf, signed,
/// issued) with times. It shows no personal data — not the holder, NIK or document number — only the
/// kind of document and the issuing OPD; once issued it links to the verification page.
/// </summary>
public static class TrackingPage
{
    public static IEndpointRouteBuilder MapTrackingPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/t/{code}", Page).RequireRateLimiting(VerificationEndpoints.RatePolicy).ExcludeFromDescription();
        return app;
    }

    public sealed record Stage(string Name, DateTimeOffset? At, bool Done, string? Note = null);

    public sealed record Tracking(
        string Code, string DocumentType, string Opd, DocumentStatus Status, IReadOnlyList<Stage> Stages, string? VerifyPath, DateTimeOffset? DueAt);

    public static async Task<Tracking?> FindAsync(SigningDbContext db, string code, bool english, CancellationToken ct)
    {
        code = code.Trim().ToUpperInvariant();
        if (code.Length != 12)
            return null;
        var row = await db.Documents.AsNoTracking().Include(d => d.History)
            .Where(d => d.TrackingCode == code)
            .Join(db.DocumentTypes, d => d.DocumentTypeId, t => t.Id, (d, t) => new { d, Type = t.Name })
            .Join(db.Opds, x => x.d.OpdId, o => o.Id, (x, o) => new { x.d, x.Type, Opd = o.Name })
            .SingleOrDefaultAsync(ct);
        if (row is null)
            return null;
        var d = row.d;
        DateTimeOffset? FirstTime(DocumentStatus s) => d.History.Where(h => h.To == s).Select(h => (DateTimeOffset?)h.At).Min();
        var signedAt = FirstTime(DocumentStatus.Signed);
        var waiting = d.Status == DocumentStatus.PendingApproval;
        var inParaf = d.Status == DocumentStatus.PendingParaf;
        var stages = new List<Stage>
        {
            new(english ? "Received" : "Diterima", d.CreatedAt, true),
            new("Paraf", null, !waiting && !inParaf,
                inParaf ? (english ? "being initialled" : "sedang diparaf")
                : waiting ? (english ? "waiting for approval" : "menunggu persetujuan")
                : d.ParafCompleted > 0 ? (english ? "done" : "selesai") : (english ? "not required" : "tidak diperlukan")),
            new(english ? "Signed" : "Ditandatangani", signedAt, signedAt is not null),
            new(english ? "Issued" : "Diterbitkan", signedAt, d.Status is DocumentStatus.Signed or DocumentStatus.Revoked),
        };
        if (d.Status == DocumentStatus.Revoked)
            stages.Add(new Stage(english ? "Revoked" : "Dicabut", d.RevokedAt, true));
        if (d.Status == DocumentStatus.Rejected)
            stages.Add(new Stage(english ? "Rejected" : "Ditolak", FirstTime(DocumentStatus.Rejected), true));
        var verify = d.Status is DocumentStatus.Signed or DocumentStatus.Revoked ? $"/v/{d.PublicId}" : null;
        return new Tracking(d.TrackingCode, row.Type, row.Opd, d.Status, stages, verify, d.IsOpen ? d.DueAt : null);
    }

    private static async Task<IResult> Page(string code, string? lang, SigningDbContext db, CancellationToken ct)
    {
        var t = PageText.For(lang);
        var english = t.Lang == "en";
        var tracking = await FindAsync(db, code, english, ct);
        var html = new StringBuilder();
        html.Append("<h1>").Append(E(english ? "Track your request" : "Lacak permohonan Anda")).Append("</h1>");
        if (tracking is null)
        {
            html.Append("<section class=\"status notfound\" data-status=\"notfound\"><strong>").Append(E(t.NotFound)).Append("</strong><span>")
                .Append(E(english ? "No request has this tracking code." : "Tidak ada permohonan dengan kode lacak ini.")).Append("</span></section>");
            return Results.Content(VerificationPage.Shell(t, t.Title, html.ToString()), "text/html; charset=utf-8", statusCode: 404);
        }
        html.Append("<dl><dt>").Append(E(english ? "Tracking code" : "Kode lacak")).Append("</dt><dd>").Append(E(tracking.Code))
            .Append("</dd><dt>").Append(E(english ? "Service" : "Layanan")).Append("</dt><dd>").Append(E(tracking.DocumentType))
            .Append("</dd><dt>").Append(E(t.Issuer)).Append("</dt><dd>").Append(E(tracking.Opd)).Append("</dd>");
        if (tracking.DueAt is { } due)
            html.Append("<dt>").Append(E(english ? "Promised by (service level)" : "Target selesai (standar pelayanan)")).Append("</dt><dd>")
                .Append(E(due.ToOffset(TimeSpan.FromHours(7)).ToString("d MMMM yyyy HH:mm 'WIB'", CultureInfo.GetCultureInfo("id-ID")))).Append("</dd>");
        html.Append("</dl><ol class=\"stages\">");
        foreach (var stage in tracking.Stages)
        {
            html.Append("<li data-done=\"").Append(stage.Done ? "true" : "false").Append("\"><strong>").Append(stage.Done ? "✓ " : "… ").Append(E(stage.Name))
                .Append("</strong>");
            if (stage.At is { } at)
                html.Append(" — ").Append(E(at.ToOffset(TimeSpan.FromHours(7)).ToString("d MMMM yyyy HH:mm 'WIB'", CultureInfo.GetCultureInfo("id-ID"))));
            if (stage.Note is { } note)
                html.Append(" (").Append(E(note)).Append(')');
            html.Append("</li>");
        }
        html.Append("</ol>");
        if (tracking.VerifyPath is { } verify)
            html.Append("<p><a class=\"button\" href=\"").Append(E(verify)).Append("?lang=").Append(t.Lang).Append("\">")
                .Append(E(english ? "Open the verification page of the issued document" : "Buka halaman verifikasi dokumen yang diterbitkan")).Append("</a></p>");
        return Results.Content(VerificationPage.Shell(t, english ? "Track your request" : "Lacak permohonan", html.ToString()), "text/html; charset=utf-8");
    }

    private static string E(string? s) => HtmlEncoder.Default.Encode(s ?? "");
}
