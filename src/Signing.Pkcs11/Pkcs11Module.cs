using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Signing.Abstractions;

namespace Signing.Pkcs11;

/// <summary>
/// A PKCS#11 module (HSM client library, USB token driver, SoftHSM): lists tokens and keys, provisions
/// keys and certificates, and opens signers. The native module is loaded once per process and path and
/// stays loaded; <see cref="Dispose"/> only retires this handle (signers opened from it keep working).
/// Every method that takes a PIN logs in for the call, or joins this process's existing login on the
/// token after checking the PIN is the same one.
/// </summary>
public sealed partial class Pkcs11Module : IDisposable
{
    private readonly LoadedLibrary _library;
    private volatile bool _disposed;

    private Pkcs11Module(LoadedLibrary library) => _library = library;

    public string ModulePath => _library.ModulePath;

    /// <summary>Loads (or reuses) the module. Failure → KeyAccessException(pkcs11-module-load-failed).</summary>
    public static Pkcs11Module Load(string modulePath) => new(LoadedLibrary.Get(modulePath));

    /// <summary>Slots that hold a token, including blank ones (<see cref="Pkcs11TokenInfo.Initialized"/> false).</summary>
    public IReadOnlyList<Pkcs11TokenInfo> ListTokens()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return
        [
            .. _library.TokensPresent().Select(t => new Pkcs11TokenInfo(
                t.Slot.SlotId,
                t.Token.Label.Trim(),
                t.Token.SerialNumber.Trim(),
                t.Token.ManufacturerId.Trim(),
                t.Token.Model.Trim(),
                t.Token.TokenFlags.LoginRequired,
                t.Token.TokenFlags.UserPinLocked,
                t.Token.TokenFlags.UserPinFinalTry,
                t.Token.TokenFlags.UserPinCountLow)
            {
                Initialized = t.Token.TokenFlags.TokenInitialized,
            }),
        ];
    }

    /// <summary>Private keys we can sign with, each with its certificate (same CKA_ID) if present.</summary>
    public IReadOnlyList<Pkcs11KeyInfo> ListKeys(string tokenLabelOrSerial, ReadOnlySpan<char> pin) =>
        WithToken(tokenLabelOrSerial, pin, SessionType.ReadOnly, (_, _, session) =>
            TokenKey.Find(session, _library.Factories, null, null).Select(k => Describe(session, k)).ToList());

    /// <summary>
    /// Opens a signer for <paramref name="key"/>. Its certificate is the newest one on the token with
    /// the key's CKA_ID, unless <paramref name="certificate"/> (DER) is given; either way it must hold
    /// the key's public key. <paramref name="chain"/> (DER, leaf-most first) is passed through.
    /// </summary>
    public Pkcs11RawSigner OpenSigner(
        Pkcs11KeyReference key,
        ReadOnlySpan<char> pin,
        ReadOnlyMemory<byte>? certificate = null,
        IReadOnlyList<ReadOnlyMemory<byte>>? chain = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(key);
        if (!string.IsNullOrEmpty(key.ModulePath) && LoadedLibrary.NormalizePath(key.ModulePath) != ModulePath)
        {
            throw new ArgumentException($"The key is in module {key.ModulePath}, not {ModulePath}.", nameof(key));
        }

        if (string.IsNullOrEmpty(key.KeyLabel) && string.IsNullOrEmpty(key.KeyIdHex))
        {
            throw new ArgumentException("A key label or key id is required.", nameof(key));
        }

        var id = string.IsNullOrEmpty(key.KeyIdHex) ? null : ParseId(key.KeyIdHex, nameof(key));
        var given = certificate is { } der ? ParseCertificate(der, nameof(certificate)) : null;
        var (slot, label) = _library.FindToken(key.TokenLabel, key.TokenSerial);
        var lease = _library.AcquireLogin(slot, label, pin);
        try
        {
            using var session = slot.OpenSession(SessionType.ReadOnly);
            var tokenKey = FindOneKey(session, label, string.IsNullOrEmpty(key.KeyLabel) ? null : key.KeyLabel, id);
            if (tokenKey.AlwaysAuthenticate)
            {
                // Would need the PIN again inside every C_Sign (CKU_CONTEXT_SPECIFIC), i.e. kept in memory.
                throw new KeyAccessException(ErrorCodes.MechanismNotSupported,
                    $"Key '{tokenKey.Label}' asks for the PIN on every signature (CKA_ALWAYS_AUTHENTICATE), which " +
                    $"is not supported ({Pkcs11Errors.Where(ModulePath, label)}).");
            }

            var signing = new TokenSigning(_library.Factories, slot.GetMechanismList());
            using var publicKey = tokenKey.ReadPublicKey(session, _library.Factories);
            using var signerCertificate = given ?? ChooseCertificate(session, tokenKey, publicKey, label);
            if (publicKey is not null && !TokenKey.SameKey(publicKey, signerCertificate))
            {
                throw new CertificateException(ErrorCodes.CertificateKeyMismatch,
                    $"Certificate '{signerCertificate.Subject}' is not for key '{tokenKey.Label}' (id {tokenKey.IdHex}) " +
                    $"({Pkcs11Errors.Where(ModulePath, label)}).");
            }

            return new Pkcs11RawSigner(_library, slot, lease, tokenKey, signing, signerCertificate.RawData, [.. chain ?? []]);
        }
        catch (Pkcs11Exception ex)
        {
            lease.Dispose();
            throw _library.Map(ex, slot, label);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    /// <summary>Retires this handle. The native module stays loaded for the process (see class remarks).</summary>
    public void Dispose() => _disposed = true;

    /// <summary>Finds the token, logs in (or joins the login), runs <paramref name="action"/> in a fresh session.</summary>
    private T WithToken<T>(string token, ReadOnlySpan<char> pin, SessionType sessionType, Func<ISlot, string, ISession, T> action)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        var (slot, label) = _library.FindToken(token);
        using var lease = _library.AcquireLogin(slot, label, pin);
        try
        {
            using var session = slot.OpenSession(sessionType);
            return action(slot, label, session);
        }
        catch (Pkcs11Exception ex)
        {
            throw _library.Map(ex, slot, label);
        }
    }

    private void WithToken(string token, ReadOnlySpan<char> pin, SessionType sessionType, Action<ISlot, string, ISession> action) =>
        WithToken(token, pin, sessionType, (slot, label, session) =>
        {
            action(slot, label, session);
            return true;
        });

    private TokenKey FindOneKey(ISession session, string tokenLabel, string? keyLabel, byte[]? id)
    {
        var keys = TokenKey.Find(session, _library.Factories, keyLabel, id);
        var wanted = string.Join(" ", new[] { keyLabel is null ? null : $"'{keyLabel}'", id is null ? null : $"id {Convert.ToHexStringLower(id)}" }
            .OfType<string>());
        return keys.Count switch
        {
            0 => throw new KeyAccessException(ErrorCodes.KeyNotFound,
                $"No private key {wanted} is on the token ({Pkcs11Errors.Where(ModulePath, tokenLabel)})."),
            1 => keys[0],
            _ => throw new KeyAccessException(ErrorCodes.KeyNotFound,
                $"{keys.Count} private keys match {wanted}; give both label and id " +
                $"({Pkcs11Errors.Where(ModulePath, tokenLabel)})."),
        };
    }

    /// <summary>The newest certificate with the key's CKA_ID that holds the key's public key.</summary>
    private X509Certificate2 ChooseCertificate(ISession session, TokenKey key, AsymmetricAlgorithm? publicKey, string tokenLabel)
    {
        var candidates = key.FindCertificates(session, _library.Factories);
        var chosen = candidates.FirstOrDefault(c => publicKey is null || TokenKey.SameKey(publicKey, c));
        foreach (var other in candidates.Where(c => !ReferenceEquals(c, chosen)))
        {
            other.Dispose();
        }

        return chosen ?? throw new KeyAccessException(ErrorCodes.CertificateNotFound,
            $"No certificate for key '{key.Label}' (id {key.IdHex}) is on the token; import one or pass it in " +
            $"({Pkcs11Errors.Where(ModulePath, tokenLabel)}).");
    }

    private Pkcs11KeyInfo Describe(ISession session, TokenKey key)
    {
        var certificates = key.FindCertificates(session, _library.Factories);
        try
        {
            var newest = certificates.FirstOrDefault();
            return new Pkcs11KeyInfo(key.Label, key.IdHex, key.Algorithm, key.KeySizeBits, newest?.Subject,
                newest is null ? null : new DateTimeOffset(newest.NotAfter.ToUniversalTime()));
        }
        finally
        {
            certificates.ForEach(c => c.Dispose());
        }
    }

    private static byte[] ParseId(string hex, string parameter)
    {
        try
        {
            var id = Convert.FromHexString(hex.Replace(":", "", StringComparison.Ordinal));
            return id.Length > 0 ? id : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new ArgumentException($"Key id '{hex}' is not a non-empty hex string.", parameter);
        }
    }

    private static X509Certificate2 ParseCertificate(ReadOnlyMemory<byte> der, string parameter)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(der.Span);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException($"The certificate is not a DER X.509 certificate: {ex.Message}", parameter, ex);
        }
    }
}
