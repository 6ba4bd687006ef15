namespace SigningService.Approval;

/// <summary>Stable problem codes of the inbox, the login and the admin API (integrators and the UI switch on them).</summary>
public static class InboxCodes
{
    public const string NotYourDocument = "not-your-document";
    public const string ParafIncomplete = "paraf-incomplete";
    public const string AlreadyDecided = "already-decided";
    public const string TwoFactorRequired = "two-factor-required";
    public const string LoginFailed = "login-failed";
    public const string InvalidRequest = "invalid-request";
    public const string InvalidState = "invalid-state";
    public const string NotFound = "not-found";
    public const string Conflict = "conflict";
}

/// <summary>
/// A request a service refuses, with the HTTP status and stable code the API answers and a message the UI
/// can show. Services throw it; the endpoint layer turns it into problem+json.
/// </summary>
public sealed class RequestRefusedException(int status, string code, string detail, IDictionary<string, object?>? extra = null)
    : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public IDictionary<string, object?>? Extra { get; } = extra;

    public static RequestRefusedException NotYours(Guid id) =>
        new(StatusCodes.Status404NotFound, InboxCodes.NotYourDocument, $"Document {id} is not in your inbox.");

    public static RequestRefusedException Invalid(string detail) => new(StatusCodes.Status400BadRequest, InboxCodes.InvalidRequest, detail);

    public static RequestRefusedException NotFound(string what) => new(StatusCodes.Status404NotFound, InboxCodes.NotFound, $"{what} was not found.");
}
