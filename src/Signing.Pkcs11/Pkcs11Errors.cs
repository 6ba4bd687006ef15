using Net.Pkcs11Interop.Common;
using Signing.Abstractions;

namespace Signing.Pkcs11;

/// <summary>The user-PIN flags of CK_TOKEN_INFO, read after a PIN failure to say how bad it is.</summary>
internal readonly record struct PinStatus(bool Locked, bool FinalTry, bool CountLow);

/// <summary>
/// Turns CKR return values into <see cref="KeyAccessException"/>s with stable codes. Messages name the
/// module path and token label so an operator can find the device; they never contain the PIN.
/// </summary>
internal static class Pkcs11Errors
{
    private const string LockedAdvice = "the token's user PIN is locked; the security officer must unlock it";

    public static KeyAccessException FromCkr(
        CKR rv, string modulePath, string? tokenLabel, PinStatus? pin = null, string? function = null,
        Exception? inner = null)
    {
        var where = Where(modulePath, tokenLabel);
        var call = function is null ? rv.ToString() : $"{rv} from {function}";
        switch (rv)
        {
            case CKR.CKR_PIN_INCORRECT:
            case CKR.CKR_PIN_INVALID:
            case CKR.CKR_PIN_LEN_RANGE:
                // The wrong PIN may have been the last try: then the token is locked now, and saying
                // "incorrect" would invite the user to keep guessing.
                if (pin is { Locked: true })
                {
                    return new KeyAccessException(ErrorCodes.PinLocked, $"The PIN is incorrect and {LockedAdvice} ({where}).", inner)
                    {
                        TriesLeft = 0,
                    };
                }

                var triesLeft = pin is { FinalTry: true } ? 1 : (int?)null;
                var warning = triesLeft == 1
                    ? " One try is left before the token locks the PIN."
                    : pin is { CountLow: true } ? " Few tries are left before the token locks the PIN." : "";
                return new KeyAccessException(ErrorCodes.PinIncorrect, $"The PIN is incorrect ({where}).{warning}", inner)
                {
                    TriesLeft = triesLeft,
                };

            case CKR.CKR_PIN_LOCKED:
                return new KeyAccessException(ErrorCodes.PinLocked, $"Signing refused: {LockedAdvice} ({where}).", inner)
                {
                    TriesLeft = 0,
                };

            case CKR.CKR_USER_NOT_LOGGED_IN:
            case CKR.CKR_USER_PIN_NOT_INITIALIZED:
                return new KeyAccessException(ErrorCodes.PinRequired, $"The token needs a PIN login first ({where}; {call}).", inner);

            case CKR.CKR_TOKEN_NOT_PRESENT:
            case CKR.CKR_DEVICE_REMOVED:
            case CKR.CKR_SLOT_ID_INVALID:
            case CKR.CKR_TOKEN_NOT_RECOGNIZED:
                return new KeyAccessException(ErrorCodes.TokenNotPresent, $"The token is not present ({where}; {call}).", inner);

            case CKR.CKR_MECHANISM_INVALID:
            case CKR.CKR_MECHANISM_PARAM_INVALID:
            case CKR.CKR_KEY_TYPE_INCONSISTENT:
            case CKR.CKR_KEY_FUNCTION_NOT_PERMITTED:
                return new KeyAccessException(ErrorCodes.MechanismNotSupported, $"The token cannot sign this way ({where}; {call}).", inner);

            case CKR.CKR_OBJECT_HANDLE_INVALID:
            case CKR.CKR_KEY_HANDLE_INVALID:
                return new KeyAccessException(ErrorCodes.KeyNotFound, $"The key is no longer on the token ({where}; {call}).", inner);

            default:
                return new KeyAccessException(ErrorCodes.TokenUnavailable, $"The token failed ({where}; {call}).", inner);
        }
    }

    public static KeyAccessException TokenNotPresent(string modulePath, string token) =>
        new(ErrorCodes.TokenNotPresent, $"No token '{token}' is present ({Where(modulePath, null)}).");

    public static KeyAccessException PinRequired(string modulePath, string tokenLabel) =>
        new(ErrorCodes.PinRequired, $"A PIN is required to use the token ({Where(modulePath, tokenLabel)}).");

    public static string Where(string modulePath, string? tokenLabel) =>
        tokenLabel is null ? $"PKCS#11 module {modulePath}" : $"token '{tokenLabel}', PKCS#11 module {modulePath}";
}
