using System.Text;
using System.Text.Encodings.Web;
using Signing.Core.Validation;

namespace SigningService.Verification;

/// <summary>The upload form and the human-readable report of POST /verify.</summary>
public static class UploadPage
{
    public static string Form(PageText t) =>
        Page(t, $"<h1>{E(t.Lang == "en" ? "Check a signed PDF" : "Periksa PDF bertanda tangan")}</h1>" +
                $"<form method=\"post\" action=\"/verify?lang={t.Lang}\" enctype=\"multipart/form-data\"><input type=\"file\" name=\"file\" accept=\"application/pdf\" required> " +
                $"<button type=\"submit\">{E(t.CompareButton)}</button></form>");

    public static string Report(UploadReport upload, PageText t)
    {
        var en = t.Lang == "en";
        var report = upload.Report;
        var html = new StringBuilder();
        var css = report.Conclusion switch { Indications.TotalPassed => "valid", Indications.TotalFailed => "revoked", _ => "pending" };
        var word = report.Conclusion switch
        {
            Indications.TotalPassed => en ? "PASSED" : "LULUS",
            Indications.TotalFailed => en ? "FAILED" : "GAGAL",
            _ => en ? "INDETERMINATE" : "TIDAK DAPAT DIPASTIKAN",
        };
        html.Append("<h1>").Append(E(en ? "Verification report" : "Laporan verifikasi")).Append("</h1>")
            .Append("<section class=\"status ").Append(css).Append("\" data-conclusion=\"").Append(report.Conclusion).Append("\"><strong>")
            .Append(E(word)).Append("</strong><span>").Append(E(report.Conclusion)).Append(" (ETSI TS 119 102-1)</span></section>");
        if (upload.IssuedDocumentUrl is { } url)
            html.Append("<p><a class=\"button\" href=\"").Append(E(url)).Append("\">").Append(E(en ? "This is a document we issued: open its record" : "Dokumen ini kami terbitkan: buka catatannya")).Append("</a></p>");
        html.Append("<p class=\"hash\">SHA-256: <code>").Append(E(report.Sha256)).Append("</code></p>");
        foreach (var s in report.Signatures)
        {
            html.Append("<dl data-indication=\"").Append(s.Indication).Append("\">");
            Row(html, en ? "Field" : "Kolom", $"{s.FieldName} ({s.Type})");
            Row(html, en ? "Result" : "Hasil", s.Indication);
            Row(html, en ? "Signer" : "Penanda tangan", s.Signer);
            Row(html, en ? "Chain to a trusted root" : "Rantai ke akar tepercaya", s.ChainTrusted ? (en ? "yes" : "ya") : (en ? "NO" : "TIDAK"));
            Row(html, en ? "Signing time" : "Waktu tanda tangan", s.SigningTime?.ToString("u"));
            if (s.Timestamp is { } ts)
                Row(html, en ? "Time-stamp" : "Cap waktu", $"{(ts.Valid ? "OK" : "INVALID")} {ts.Time:u} {ts.Authority}");
            Row(html, en ? "PAdES level" : "Tingkat PAdES", s.Level);
            Row(html, en ? "Covers the whole file" : "Mencakup seluruh berkas", s.CoversWholeFile ? (en ? "yes" : "ya") : (en ? "no" : "tidak"));
            foreach (var line in s.Revocation)
                Row(html, en ? "Revocation" : "Status pencabutan", line);
            foreach (var change in s.ChangesAfter)
                Row(html, en ? (change.Allowed ? "Allowed change after it" : "SUSPICIOUS change after it") : (change.Allowed ? "Perubahan yang diizinkan" : "PERUBAHAN MENCURIGAKAN"), change.Description);
            foreach (var problem in s.Problems)
                Row(html, en ? "Problem" : "Masalah", problem);
            html.Append("</dl>");
        }
        return Page(t, html.ToString());
    }

    private static void Row(StringBuilder html, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
            html.Append("<dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).Append("</dd>");
    }

    private static string Page(PageText t, string body) =>
        VerificationPage.Shell(t, t.Lang == "en" ? "Verify a PDF" : "Verifikasi PDF", body);

    private static string E(string? s) => HtmlEncoder.Default.Encode(s ?? "");
}
