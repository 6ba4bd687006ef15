using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using SigningService.Domain;

namespace SigningService.Verification;

/// <summary>
/// The public page behind the QR code, server-rendered and small (no scripts, one inline style sheet) so
/// it opens fast on a phone on a weak connection. Every value is HTML-encoded.
/// </summary>
public static class VerificationPage
{
    public enum Comparison
    {
        None,
        Identical,
        Different,
    }

    public static string Render(PublicDocument? doc, PageText t, bool devMode, Comparison comparison = Comparison.None, string? uploadedSha256 = null)
    {
        var html = new StringBuilder(4096);
        var (css, word, detail) = doc is null ? ("notfound", t.NotFound, t.NotFoundDetail)
            : doc.Status == DocumentStatus.Signed ? ("valid", t.Valid, t.ValidDetail)
            : doc.Status == DocumentStatus.Revoked && doc.SupersededByPublicId is not null ? ("superseded", t.Superseded, t.SupersededDetail)
            : doc.Status == DocumentStatus.Revoked ? ("revoked", t.Revoked, t.RevokedDetail)
            : ("pending", t.InProcess, t.InProcessDetail);
        Head(html, t, doc is null ? t.Title : $"{t.Title}: {doc.Number}");
        if (devMode)
            html.Append("<p class=\"dev\">").Append(E(t.Dev)).Append("</p>");
        var self = doc is null ? "" : $"/v/{doc.PublicId}";
        html.Append("<nav><a href=\"").Append(E(self)).Append("?lang=").Append(t.OtherLanguageCode).Append("\">").Append(E(t.OtherLanguage)).Append("</a></nav>");
        html.Append("<h1>").Append(E(t.Title)).Append("</h1>");
        html.Append("<section class=\"status ").Append(css).Append("\" data-status=\"").Append(css).Append("\"><strong>")
            .Append(E(word)).Append("</strong><span>").Append(E(detail)).Append("</span></section>");
        if (doc is not null)
            Body(html, doc, t, comparison, uploadedSha256);
        html.Append("</main></body></html>");
        return html.ToString();
    }

    private static void Body(StringBuilder html, PublicDocument doc, PageText t, Comparison comparison, string? uploadedSha256)
    {
        if (doc.Status == DocumentStatus.Revoked)
        {
            html.Append("<dl class=\"revocation\">");
            Row(html, t.RevokedOn, Time(doc.RevokedAt));
            Row(html, t.Reason, doc.RevocationReason);
            html.Append("</dl>");
            if (doc.SupersededByPublicId is { } newer)
                html.Append("<p><a class=\"button\" id=\"newer\" href=\"/v/").Append(E(newer)).Append("?lang=").Append(t.Lang).Append("\">")
                    .Append(E(t.SupersededLink)).Append("</a></p>");
        }
        if (comparison != Comparison.None)
        {
            var same = comparison == Comparison.Identical;
            html.Append("<section class=\"status ").Append(same ? "valid" : "revoked").Append("\" data-compare=\"").Append(same ? "identical" : "different")
                .Append("\"><strong>").Append(E(same ? t.Identical : t.Different)).Append("</strong><span>")
                .Append(E(same ? t.IdenticalDetail : t.DifferentDetail)).Append("</span><code>").Append(E(uploadedSha256)).Append("</code></section>");
        }
        html.Append("<dl>");
        Row(html, t.Number, doc.Number);
        Row(html, t.DocTitle, doc.Title);
        Row(html, t.Issuer, doc.Opd);
        Row(html, t.Holder, doc.HolderName);
        Row(html, t.Nik, doc.HolderNik);
        Row(html, t.Issued, Date(doc.IssueDate));
        Row(html, t.Expires, Date(doc.ExpiryDate));
        foreach (var (name, value) in doc.Facts)
            Row(html, name, value);
        Row(html, t.Signer, doc.SignerName);
        // "a.n. Kepala Dinas, Sekretaris": signed on behalf of the head, in the signer's own jabatan.
        Row(html, t.Position, doc.SignedOnBehalfOf is null ? doc.SignerPosition : $"{doc.SignedOnBehalfOf}, {doc.SignerPosition}");
        Row(html, t.Delegation, doc.DelegationKind is null ? null : $"{doc.DelegationKind} — {doc.DelegationBasis}");
        Row(html, t.SignedAt, Time(doc.SignedAt));
        Row(html, t.Level, doc.Level is null ? null : $"PAdES {doc.Level}");
        Row(html, t.Tsa, doc.TimestampAuthority);
        html.Append("</dl>");
        if (doc.SignedSha256 is not null)
            html.Append("<p class=\"hash\">").Append(E(t.Sha256)).Append(":<br><code>").Append(E(doc.SignedSha256)).Append("</code></p>");
        if (doc.Downloadable)
            html.Append("<p><a class=\"button\" href=\"/v/").Append(E(doc.PublicId)).Append("/pdf\">").Append(E(t.Download)).Append("</a></p>");
        if (doc.SignedSha256 is not null)
        {
            html.Append("<form method=\"post\" action=\"/v/").Append(E(doc.PublicId)).Append("/compare?lang=").Append(t.Lang)
                .Append("\" enctype=\"multipart/form-data\"><h2>").Append(E(t.CompareHeading)).Append("</h2><p>").Append(E(t.CompareHint))
                .Append("</p><input type=\"file\" name=\"file\" accept=\"application/pdf\" required> <button type=\"submit\">")
                .Append(E(t.CompareButton)).Append("</button></form>");
        }
    }

    /// <summary>A page in the same look, for other public pages (the upload report).</summary>
    public static string Shell(PageText t, string title, string bodyHtml)
    {
        var html = new StringBuilder();
        Head(html, t, title);
        html.Append(bodyHtml).Append("</main></body></html>");
        return html.ToString();
    }

    private static void Head(StringBuilder html, PageText t, string title)
    {
        html.Append("<!doctype html><html lang=\"").Append(t.Lang).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">")
            .Append("<title>").Append(E(title)).Append("</title><style>").Append(Css).Append("</style></head><body><main>");
    }

    private static void Row(StringBuilder html, string label, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return;
        html.Append("<dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).Append("</dd>");
    }

    private static readonly CultureInfo Id = CultureInfo.GetCultureInfo("id-ID");

    private static string? Date(DateOnly? d) => d?.ToString("d MMMM yyyy", Id);

    /// <summary>Times in WIB (UTC+7), the zone of most Pemda; the offset is printed so nobody has to guess.</summary>
    private static string? Time(DateTimeOffset? t) => t?.ToOffset(TimeSpan.FromHours(7)).ToString("d MMMM yyyy HH:mm:ss 'WIB'", Id);

    private static string E(string? s) => HtmlEncoder.Default.Encode(s ?? "");

    private const string Css =
        "body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1b1b1b;background:#f4f5f7}main{max-width:40rem;margin:auto;padding:1rem}" +
        "h1{font-size:1.25rem;margin:.5rem 0}nav{text-align:right;font-size:.9rem}.status{display:block;padding:1rem;border-radius:.5rem;margin:1rem 0;color:#fff}" +
        ".status strong{display:block;font-size:2rem;letter-spacing:.05em}.valid{background:#1e7b34}.revoked,.superseded{background:#b3261e}.pending{background:#8a6d00}" +
        ".notfound{background:#5f6368}dl{background:#fff;border-radius:.5rem;padding:.5rem 1rem;margin:0 0 1rem}dt{font-size:.8rem;color:#5f6368;margin-top:.5rem}" +
        "dd{margin:0 0 .25rem;font-weight:600}code{word-break:break-all;font-size:.8rem}.dev{background:#ffdd00;padding:.5rem;font-weight:700;text-align:center}" +
        "form{background:#fff;border-radius:.5rem;padding:1rem}.button{display:inline-block;background:#0b57d0;color:#fff;padding:.6rem 1rem;border-radius:.4rem;text-decoration:none}";
}
