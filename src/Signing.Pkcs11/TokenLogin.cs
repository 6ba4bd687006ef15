using System.Security.Cryptography;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Signing.Abstractions;

namespace Signing.Pkcs11;

/// <summary>
/// The process's logged-in "main" session on one token (Pkcs11Interop FAQ, multi-threading rule 3).
/// Every other session on the token shares its login state, so per-operation sessions need no PIN.
/// </summary>
internal sealed class TokenLogin
{
    // Keyed per process so the tag is useless outside it. Whoever can read this key from memory can
    // also use the logged-in session directly, so the tag adds no exposure beyond the login itself.
    private static readonly byte[] PinTagKey = RandomNumberGenerator.GetBytes(32);

    private readonly LoadedLibrary _library;
    private readonly ISlot _slot;
    private readonly ISession? _session;
    private readonly byte[]? _pinTag;

    private TokenLogin(LoadedLibrary library, ISlot slot, string tokenLabel, ISession? session, byte[]? pinTag)
    {
        _library = library;
        _slot = slot;
        TokenLabel = tokenLabel;
        _session = session;
        _pinTag = pinTag;
    }

    public ulong SlotId => _slot.SlotId;

    public string TokenLabel { get; }

    /// <summary>Leases counted in; guarded by the library's login lock.</summary>
    public int References { get; set; }

    public static TokenLogin Open(LoadedLibrary library, ISlot slot, string tokenLabel, ReadOnlySpan<char> pin)
    {
        if (pin.IsEmpty)
        {
            // An empty PIN never reaches C_Login: some tokens count it as a wrong try.
            var info = library.Guard(slot, slot.GetTokenInfo, tokenLabel);
            if (info.TokenFlags.LoginRequired)
            {
                throw Pkcs11Errors.PinRequired(library.ModulePath, tokenLabel);
            }

            return new TokenLogin(library, slot, tokenLabel, null, null);
        }

        var pinBytes = new byte[Encoding.UTF8.GetByteCount(pin)];
        try
        {
            Encoding.UTF8.GetBytes(pin, pinBytes);
            var session = library.Guard(slot, () => slot.OpenSession(SessionType.ReadOnly), tokenLabel);
            try
            {
                try
                {
                    session.Login(CKU.CKU_USER, pinBytes);
                }
                catch (Pkcs11Exception ex) when (ex.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
                {
                    // Nobody in this process holds a lease (else we would not be here), so the login is
                    // stale, e.g. left by a lease whose session died. Log in afresh to check this PIN.
                    session.Logout();
                    session.Login(CKU.CKU_USER, pinBytes);
                }
            }
            catch (Pkcs11Exception ex)
            {
                session.Dispose();
                throw library.Map(ex, slot, tokenLabel);
            }

            return new TokenLogin(library, slot, tokenLabel, session, HMACSHA256.HashData(PinTagKey, pinBytes));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pinBytes);
        }
    }

    /// <summary>
    /// A second caller joining an existing login must know the same PIN; otherwise anyone could sign
    /// with a token merely because its owner has a signer open. A mismatch costs no try on the token.
    /// </summary>
    public void CheckSamePin(ReadOnlySpan<char> pin)
    {
        if (_pinTag is null)
        {
            return; // The token needs no login; there is nothing to compare against.
        }

        if (pin.IsEmpty)
        {
            throw Pkcs11Errors.PinRequired(_library.ModulePath, TokenLabel);
        }

        var pinBytes = new byte[Encoding.UTF8.GetByteCount(pin)];
        try
        {
            Encoding.UTF8.GetBytes(pin, pinBytes);
            if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(PinTagKey, pinBytes), _pinTag))
            {
                throw new KeyAccessException(ErrorCodes.PinIncorrect,
                    $"The PIN is incorrect ({Pkcs11Errors.Where(_library.ModulePath, TokenLabel)}).");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pinBytes);
        }
    }

    /// <summary>False once the token was removed or the module dropped the login.</summary>
    public bool IsAlive()
    {
        if (_session is null)
        {
            return true;
        }

        try
        {
            return _session.GetSessionInfo().State is CKS.CKS_RO_USER_FUNCTIONS or CKS.CKS_RW_USER_FUNCTIONS;
        }
        catch (Pkcs11Exception)
        {
            return false;
        }
    }

    public void Close()
    {
        if (_session is null)
        {
            return;
        }

        try
        {
            _session.Logout();
        }
        catch (Pkcs11Exception)
        {
            // Already logged out (token removed); closing the session is all that is left to do.
        }

        try
        {
            _session.Dispose();
        }
        catch (Pkcs11Exception)
        {
            // The session died with the token.
        }
    }
}
