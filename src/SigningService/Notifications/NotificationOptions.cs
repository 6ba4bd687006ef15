using System.ComponentModel.DataAnnotations;

namespace SigningService.Notifications;

/// <summary>Section "Notifications": e-mail to officials and paraf staff.</summary>
public sealed class NotificationOptions
{
    /// <summary>SMTP server; when Host is empty, e-mails are written as .eml files to <see cref="DevFolder"/>.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Folder for .eml files when no SMTP host is set (relative to the content root; default: the data folder's mail/).</summary>
    public string? DevFolder { get; set; }

    /// <summary>Link to the approval inbox printed in every e-mail (the web UI), if any.</summary>
    public string? InboxUrl { get; set; }

    /// <summary>How often the outbox is sent.</summary>
    [Range(0.1, 3600)]
    public double IntervalSeconds { get; set; } = 10;

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Local time (Sla:Calendar's UTC offset) of the daily digest of pending items, "HH:mm".</summary>
    [RegularExpression(@"^([01]\d|2[0-3]):[0-5]\d$")]
    public string DigestTime { get; set; } = "07:00";
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public string? User { get; set; }

    /// <summary>Name of the environment variable holding the SMTP password (never the password itself).</summary>
    public string? PasswordEnv { get; set; }

    /// <summary>Sender address, e.g. "TTE Pemkot Malang &lt;tte@malangkota.go.id&gt;".</summary>
    public string From { get; set; } = "SigningService <no-reply@localhost>";
}
