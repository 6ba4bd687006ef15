using Microsoft.AspNetCore.DataProtection;

namespace SigningService.Signing;

/// <summary>Webhook HMAC secrets are stored encrypted (ASP.NET Data Protection), never in plain text.</summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("SigningService.WebhookSecret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
