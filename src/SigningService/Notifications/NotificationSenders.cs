using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace SigningService.Notifications;

/// <summary>One e-mail as sent.</summary>
public sealed record OutgoingEmail(string To, string Subject, string Body);

/// <summary>Sends an e-mail; throws when it could not be handed over (the dispatcher retries).</summary>
public interface INotificationSender
{
    Task SendAsync(OutgoingEmail email, CancellationToken ct);
}

internal static class Mime
{
    public static MimeMessage Message(OutgoingEmail email, string from)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(email.To));
        message.Subject = email.Subject;
        message.Body = new TextPart("plain") { Text = email.Body };
        return message;
    }
}

/// <summary>SMTP with MailKit: STARTTLS when the server offers it (or TLS on 465), login when a user is configured.</summary>
public sealed class SmtpNotificationSender(IOptions<NotificationOptions> options) : INotificationSender
{
    public async Task SendAsync(OutgoingEmail email, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        using var message = Mime.Message(email, smtp.From);
        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Notifications:Smtp:Host is not set."), smtp.Port,
            SecureSocketOptions.Auto, ct);
        if (!string.IsNullOrEmpty(smtp.User))
        {
            var password = smtp.PasswordEnv is { } variable ? Environment.GetEnvironmentVariable(variable) : null;
            await client.AuthenticateAsync(smtp.User, password ?? "", ct);
        }
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}

/// <summary>
/// Development (or no SMTP configured): each e-mail becomes an .eml file in a folder, written to a temporary
/// name and renamed, so a mail client or a test reads whole messages only.
/// </summary>
public sealed class FolderNotificationSender(string folder, IOptions<NotificationOptions> options) : INotificationSender
{
    public string Folder { get; } = folder;

    public async Task SendAsync(OutgoingEmail email, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        using var message = Mime.Message(email, options.Value.Smtp.From);
        var name = $"{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.eml";
        var temporary = Path.Combine(Folder, name + ".tmp");
        await message.WriteToAsync(temporary, ct);
        File.Move(temporary, Path.Combine(Folder, name));
    }
}
