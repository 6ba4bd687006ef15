using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Signing.Abstractions;

namespace Signing.Pkcs11;

/// <summary>
/// An <see cref="IRawSigner"/> over a private key on a PKCS#11 token. Holds a share of the token's
/// login for its lifetime and opens a fresh session for every signature, so any number of threads may
/// sign at once (the module serialises internally: it was loaded with AppType.MultiThreaded).
/// Dispose it once no signature is in flight; the login ends with the last signer on the token.
/// </summary>
public sealed class Pkcs11RawSigner : IRawSigner, IDisposable
{
    private readonly LoadedLibrary _library;
    private readonly ISlot _slot;
    private readonly TokenLease _lease;
    private readonly TokenSigning _signing;
    private readonly byte[] _certificate;
    private IObjectHandle _keyHandle;
    private volatile bool _disposed;

    internal Pkcs11RawSigner(
        LoadedLibrary library, ISlot slot, TokenLease lease, TokenKey key, TokenSigning signing,
        byte[] certificate, IReadOnlyList<ReadOnlyMemory<byte>> chain)
    {
        _library = library;
        _slot = slot;
        _lease = lease;
        _signing = signing;
        _keyHandle = key.Handle;
        _certificate = certificate;
        Chain = chain;
        KeyAlgorithm = key.Algorithm;
        KeyLabel = key.Label;
        KeyIdHex = key.IdHex;
        KeySizeBits = key.KeySizeBits;
    }

    public ReadOnlyMemory<byte> Certificate => _certificate;

    public IReadOnlyList<ReadOnlyMemory<byte>> Chain { get; }

    public KeyAlgorithm KeyAlgorithm { get; }

    public int KeySizeBits { get; }

    public string ModulePath => _library.ModulePath;

    public string TokenLabel => _lease.Login.TokenLabel;

    public string KeyLabel { get; }

    public string KeyIdHex { get; }

    public ValueTask<byte[]> SignAsync(
        ReadOnlyMemory<byte> data,
        DigestAlgorithm digest,
        SignatureScheme scheme,
        CancellationToken cancellationToken = default)
    {
        // C_Sign cannot be interrupted, so cancellation is honoured only before the token is asked.
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<byte[]>(cancellationToken);
        }

        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _signing.Check(KeyAlgorithm, digest, scheme, Pkcs11Errors.Where(ModulePath, TokenLabel));
            using var session = OpenSession();
            return ValueTask.FromResult(Sign(session, data.Span, digest, scheme));
        }
        catch (Exception ex) when (ex is KeyAccessException or ObjectDisposedException)
        {
            return ValueTask.FromException<byte[]>(ex);
        }
        catch (Pkcs11Exception ex)
        {
            // Only C_CloseSession gets here (a token pulled out right after signing).
            return ValueTask.FromException<byte[]>(_library.Map(ex, _slot, TokenLabel));
        }
    }

    /// <summary>
    /// One C_Sign in <paramref name="session"/>. Token object handles are only guaranteed per session
    /// (PKCS#11 v2.40 §2.4); most modules keep them process-wide, so we reuse the handle found at open
    /// and look the key up again only if the module says the handle is not valid here.
    /// </summary>
    internal byte[] Sign(ISession session, ReadOnlySpan<byte> data, DigestAlgorithm digest, SignatureScheme scheme)
    {
        try
        {
            try
            {
                return _signing.Sign(session, _keyHandle, KeyAlgorithm, data, digest, scheme);
            }
            catch (Pkcs11Exception ex) when (ex.RV is CKR.CKR_KEY_HANDLE_INVALID or CKR.CKR_OBJECT_HANDLE_INVALID)
            {
                var keys = TokenKey.Find(session, _library.Factories, KeyLabel.Length == 0 ? null : KeyLabel,
                    KeyIdHex.Length == 0 ? null : Convert.FromHexString(KeyIdHex));
                if (keys.Count != 1)
                {
                    throw;
                }

                _keyHandle = keys[0].Handle;
                return _signing.Sign(session, _keyHandle, KeyAlgorithm, data, digest, scheme);
            }
        }
        catch (Pkcs11Exception ex)
        {
            throw _library.Map(ex, _slot, TokenLabel);
        }
    }

    internal ISession OpenSession() =>
        _library.Guard(_slot, () => _slot.OpenSession(SessionType.ReadOnly), TokenLabel);

    public void Dispose()
    {
        _disposed = true;
        _lease.Dispose();
    }
}
