namespace Signing.Abstractions;

/// <summary>
/// Base of every error the signing engine reports to a caller. <see cref="Code"/> is stable and
/// machine-readable (it becomes the problem+json type suffix and the CLI's error prefix);
/// <see cref="Exception.Message"/> names the problem in words a user can act on.
/// </summary>
public class SigningException(string code, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string Code { get; } = code;
}

/// <summary>The input is not a PDF we can safely append to.</summary>
public class PdfFormatException(string code, string message, Exception? inner = null)
    : SigningException(code, message, inner);

/// <summary>The key holder (token, HSM slot, PKCS#12 file) refused or failed.</summary>
public class KeyAccessException(string code, string message, Exception? inner = null)
    : SigningException(code, message, inner)
{
    /// <summary>PIN tries left, when the token says so (e.g. CKF_USER_PIN_FINAL_TRY → 1).</summary>
    public int? TriesLeft { get; init; }
}

/// <summary>A certificate is unusable for signing (expired, not yet valid, wrong key usage, revoked).</summary>
public class CertificateException(string code, string message, Exception? inner = null)
    : SigningException(code, message, inner);

/// <summary>The visible stamp cannot be placed as asked.</summary>
public class StampPlacementException(string code, string message, Exception? inner = null)
    : SigningException(code, message, inner);
