using SigningService.Domain.Approval;
using System.Net;
using System.Text.RegularExpressions;
using TestSupport;

namespace SigningService.Tests;

/// <summary>
/// The web UI as a browser without JavaScript uses it: cookies, forms with their antiforgery token, redirects looked
/// at rather than followed. Logging in goes through the UI's own pages (password, then the authenticator code).
/// </summary>
public sealed partial class WebUi(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    /// <summary>Logs in through /masuk and /masuk/2fa and checks the session opens the start page.</summary>
    public static async Task<WebUi> LoginAsync(ServiceApp app, string userName, string password = Inbox.Password, string secret = Inbox.TotpSecret)
    {
        var ui = new WebUi(app.BrowserClient());
        using var afterPassword = await ui.PostAsync("/masuk", [new("userName", userName), new("password", password)], "/masuk");
        Assert.Equal(HttpStatusCode.Redirect, afterPassword.StatusCode);
        Assert.StartsWith("/masuk/2fa", afterPassword.Headers.Location?.OriginalString, StringComparison.Ordinal);
        using var afterCode = await ui.PostAsync("/masuk/2fa", [new("code", Totp.Code(secret))], "/masuk/2fa");
        Assert.Equal(HttpStatusCode.Redirect, afterCode.StatusCode);
        Assert.Equal("/", afterCode.Headers.Location?.OriginalString);
        return ui;
    }

    /// <summary>GETs a page and insists on <paramref name="status"/>; returns its HTML.</summary>
    public async Task<string> PageAsync(string path, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var response = await Http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"GET {path}: expected {(int)status}, got {(int)response.StatusCode} {response.Headers.Location} {html}");
        return html;
    }

    /// <summary>Posts a form the way the page at <paramref name="tokenFrom"/> would: with that page's antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string tokenFrom)
    {
        var token = Token(await PageAsync(tokenFrom));
        return await Http.PostAsync(path, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));
    }

    /// <summary>Posts and insists on <paramref name="status"/>; returns the answer's HTML (or NDJSON).</summary>
    public async Task<string> PostPageAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string tokenFrom, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var response = await PostAsync(path, fields, tokenFrom);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"POST {path}: expected {(int)status}, got {(int)response.StatusCode} {response.Headers.Location} {body}");
        return body;
    }

    public static string Token(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("The page has no antiforgery token:\n" + html);

    /// <summary>Every &lt;form method="post"&gt; of a page carries an antiforgery token.</summary>
    public static void AssertEveryPostFormHasAToken(string html)
    {
        var forms = PostForm().Matches(html);
        Assert.NotEmpty(forms);
        Assert.All(forms, f => Assert.Contains("name=\"__RequestVerificationToken\"", f.Value, StringComparison.Ordinal));
    }

    /// <summary>The text of the element with this id (tags stripped, entities decoded, whitespace collapsed), or null.</summary>
    public static string? Text(string html, string id)
    {
        var m = Regex.Match(html, $"<(\\w+)[^>]*\\bid=\"{Regex.Escape(id)}\"[^>]*>(.*?)</\\1>", RegexOptions.Singleline);
        return m.Success ? Collapse(WebUtility.HtmlDecode(Regex.Replace(m.Groups[2].Value, "<[^>]+>", " "))) : null;
    }

    private static string Collapse(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<form[^>]*method=\"post\".*?</form>", RegexOptions.Singleline)]
    private static partial Regex PostForm();
}
