namespace Signing.Abstractions;

/// <summary>Stable error codes. Never rename one: integrators switch on them.</summary>
public static class ErrorCodes
{
    // PDF input
    public const string PdfMalformed = "pdf-malformed";
    public const string PdfEncrypted = "pdf-encrypted";
    public const string PdfEmpty = "pdf-empty";
    public const string PdfNotAPdf = "pdf-not-a-pdf";
    public const string PdfTooComplex = "pdf-too-complex";
    public const string PdfCertifiedNoChanges = "pdf-certified-no-changes";
    public const string PdfPageOutOfRange = "pdf-page-out-of-range";
    public const string PdfFieldExists = "pdf-field-exists";

    // Stamp placement
    public const string StampOutsidePage = "stamp-outside-page";
    public const string StampOverlapsSignature = "stamp-overlaps-signature";
    public const string AnchorNotFound = "anchor-not-found";

    // Keys and tokens
    public const string PinIncorrect = "pin-incorrect";
    public const string PinLocked = "pin-locked";
    public const string PinRequired = "pin-required";
    public const string TokenNotPresent = "token-not-present";
    public const string TokenUnavailable = "token-unavailable";
    public const string ModuleLoadFailed = "pkcs11-module-load-failed";
    public const string KeyNotFound = "key-not-found";
    public const string CertificateNotFound = "certificate-not-found";
    public const string MechanismNotSupported = "mechanism-not-supported";
    public const string KeyStoreInvalid = "keystore-invalid";
    public const string PasswordIncorrect = "password-incorrect";

    // Certificates
    public const string CertificateExpired = "certificate-expired";
    public const string CertificateNotYetValid = "certificate-not-yet-valid";
    public const string CertificateRevoked = "certificate-revoked";
    public const string CertificateUnusable = "certificate-unusable";
    public const string CertificateKeyMismatch = "certificate-key-mismatch";

    // Engine
    public const string SignatureTooLarge = "signature-too-large";
    public const string PreparedStateMismatch = "prepared-state-mismatch";
}
