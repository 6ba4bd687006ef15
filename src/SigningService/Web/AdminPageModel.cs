using SigningService.Approval;

namespace SigningService.Web;

/// <summary>An admin page: runs a service call and turns a refusal into a message (Indonesian, with the technical detail).</summary>
public abstract class AdminPageModel : UiPageModel
{
    public string? Error { get; protected set; }

    /// <summary>The service's own wording of a refusal, for the admin who has to fix the input.</summary>
    public string? ErrorDetail { get; private set; }

    public string? Done { get; protected set; }

    protected async Task<bool> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (RequestRefusedException e)
        {
            Error = UiText.Refused(e);
            ErrorDetail = e.Message;
            return false;
        }
    }
}
