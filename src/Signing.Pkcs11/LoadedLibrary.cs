using System.Reflection;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Signing.Abstractions;

namespace Signing.Pkcs11;

/// <summary>
/// One initialised PKCS#11 module, shared by the whole process. Cryptoki allows a single C_Initialize
/// per process, and login state is per process and token, so both the library and the logins must be
/// shared: loading the same module twice, or logging in twice, fails on real tokens.
/// </summary>
internal sealed class LoadedLibrary
{
    private static readonly Lock CacheGate = new();
    private static readonly Dictionary<string, LoadedLibrary> Cache = new(StringComparer.Ordinal);

    private readonly Lock _loginGate = new();
    private readonly Dictionary<ulong, TokenLogin> _logins = [];

    private LoadedLibrary(string modulePath, IPkcs11Library library, Pkcs11InteropFactories factories)
    {
        ModulePath = modulePath;
        Library = library;
        Factories = factories;
    }

    public string ModulePath { get; }

    public IPkcs11Library Library { get; }

    public Pkcs11InteropFactories Factories { get; }

    /// <summary>
    /// Loads the module once per process. Never finalised: signers on any thread may use it until the
    /// process ends, and C_Finalize under a running C_Sign is undefined behaviour in most modules.
    /// </summary>
    public static LoadedLibrary Get(string modulePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modulePath);
        var key = NormalizePath(modulePath);
        lock (CacheGate)
        {
            if (Cache.TryGetValue(key, out var loaded))
            {
                return loaded;
            }

            LibdlResolver.Install();
            var factories = new Pkcs11InteropFactories();
            try
            {
                var library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, key, AppType.MultiThreaded);
                loaded = new LoadedLibrary(key, library, factories);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Failures are not cached: the operator may fix the path or the module's config and retry.
                var detail = ex is Pkcs11Exception p ? $"{p.RV} from {p.Method}" : ex.Message;
                throw new KeyAccessException(
                    ErrorCodes.ModuleLoadFailed, $"Cannot load PKCS#11 module {key}: {detail}", ex);
            }

            Cache[key] = loaded;
            return loaded;
        }
    }

    /// <summary>Bare names ("libsofthsm2.so") are left for dlopen's search; paths are made absolute.</summary>
    public static string NormalizePath(string modulePath) =>
        Path.IsPathRooted(modulePath) || modulePath.Contains('/') ? Path.GetFullPath(modulePath) : modulePath;

    public IReadOnlyList<(ISlot Slot, ITokenInfo Token)> TokensPresent()
    {
        var result = new List<(ISlot, ITokenInfo)>();
        foreach (var slot in Guard(null, () => Library.GetSlotList(SlotsType.WithTokenPresent)))
        {
            try
            {
                result.Add((slot, slot.GetTokenInfo()));
            }
            catch (Pkcs11Exception ex) when (ex.RV is CKR.CKR_TOKEN_NOT_PRESENT or CKR.CKR_DEVICE_REMOVED
                                                 or CKR.CKR_TOKEN_NOT_RECOGNIZED or CKR.CKR_SLOT_ID_INVALID)
            {
                // Pulled out between C_GetSlotList and C_GetTokenInfo: simply not there.
            }
        }

        return result;
    }

    /// <summary>Finds the one token with this label and/or serial; throws token-not-present if none.</summary>
    public (ISlot Slot, string Label) FindToken(string? label, string? serial)
    {
        if (string.IsNullOrWhiteSpace(label) && string.IsNullOrWhiteSpace(serial))
        {
            throw new ArgumentException("A token label or serial number is required.");
        }

        var matches = TokensPresent()
            .Where(t => t.Token.TokenFlags.TokenInitialized)
            .Where(t => string.IsNullOrWhiteSpace(label) || t.Token.Label.Trim() == label.Trim())
            .Where(t => string.IsNullOrWhiteSpace(serial) || t.Token.SerialNumber.Trim() == serial.Trim())
            .ToList();
        var wanted = string.IsNullOrWhiteSpace(label) ? $"serial {serial}" : label.Trim();
        return matches.Count switch
        {
            0 => throw Pkcs11Errors.TokenNotPresent(ModulePath, wanted),
            1 => (matches[0].Slot, matches[0].Token.Label.Trim()),
            // Two identical USB tokens carry the same factory label; only the serial tells them apart.
            _ => throw new KeyAccessException(ErrorCodes.TokenUnavailable,
                $"{matches.Count} tokens are labelled '{wanted}' (serials " +
                $"{string.Join(", ", matches.Select(m => m.Token.SerialNumber.Trim()))}); select one by serial " +
                $"({Pkcs11Errors.Where(ModulePath, null)})."),
        };
    }

    /// <summary>A token named by label, falling back to serial number (the CLI takes either).</summary>
    public (ISlot Slot, string Label) FindToken(string labelOrSerial)
    {
        var tokens = TokensPresent();
        var bySerial = !tokens.Any(t => t.Token.Label.Trim() == labelOrSerial.Trim())
                       && tokens.Any(t => t.Token.SerialNumber.Trim() == labelOrSerial.Trim());
        return bySerial ? FindToken(null, labelOrSerial) : FindToken(labelOrSerial, null);
    }

    /// <summary>
    /// Logs in to the token unless this process already is, and counts the caller in. The login ends
    /// when the last lease is disposed.
    /// </summary>
    public TokenLease AcquireLogin(ISlot slot, string tokenLabel, ReadOnlySpan<char> pin)
    {
        lock (_loginGate)
        {
            if (_logins.TryGetValue(slot.SlotId, out var login) && !login.IsAlive())
            {
                // The token was pulled out and put back, or the module dropped our session.
                login.Close();
                _logins.Remove(slot.SlotId);
                login = null;
            }

            if (login is null)
            {
                login = TokenLogin.Open(this, slot, tokenLabel, pin);
                _logins[slot.SlotId] = login;
            }
            else
            {
                login.CheckSamePin(pin);
            }

            login.References++;
            return new TokenLease(this, login);
        }
    }

    internal void Release(TokenLogin login)
    {
        lock (_loginGate)
        {
            if (--login.References > 0)
            {
                return;
            }

            login.Close();
            if (_logins.TryGetValue(login.SlotId, out var current) && ReferenceEquals(current, login))
            {
                _logins.Remove(login.SlotId);
            }
        }
    }

    /// <summary>Maps a CKR from <paramref name="slot"/>'s token, reading its PIN flags for PIN errors.</summary>
    public KeyAccessException Map(Pkcs11Exception ex, ISlot? slot, string? tokenLabel)
    {
        PinStatus? pin = null;
        if (slot is not null && ex.RV is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_INVALID or CKR.CKR_PIN_LEN_RANGE or CKR.CKR_PIN_LOCKED)
        {
            try
            {
                var flags = slot.GetTokenInfo().TokenFlags;
                pin = new PinStatus(flags.UserPinLocked, flags.UserPinFinalTry, flags.UserPinCountLow);
            }
            catch (Pkcs11Exception)
            {
                // The flags only refine the message; the original failure is what matters.
            }
        }

        return Pkcs11Errors.FromCkr(ex.RV, ModulePath, tokenLabel, pin, ex.Method, ex);
    }

    /// <summary>Runs a PKCS#11 call and maps its CKR to a <see cref="KeyAccessException"/>.</summary>
    public T Guard<T>(ISlot? slot, Func<T> call, string? tokenLabel = null)
    {
        try
        {
            return call();
        }
        catch (Pkcs11Exception ex)
        {
            throw Map(ex, slot, tokenLabel);
        }
    }
}

/// <summary>A caller's share of a token login; disposing it twice is harmless.</summary>
internal sealed class TokenLease(LoadedLibrary library, TokenLogin login) : IDisposable
{
    private int _disposed;

    public TokenLogin Login => login;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            library.Release(login);
        }
    }
}

/// <summary>
/// Pkcs11Interop P/Invokes "libdl", which Debian and Ubuntu ship only as libdl.so.2 (the unversioned
/// name comes with libc6-dev). Without this the first LoadPkcs11Library throws DllNotFoundException.
/// </summary>
internal static class LibdlResolver
{
    private static int _installed;

    public static void Install()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _installed, 1) == 1)
        {
            return;
        }

        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // The host already installed a resolver for Pkcs11Interop; it is responsible for libdl then.
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "libdl")
        {
            return IntPtr.Zero;
        }

        return NativeLibrary.TryLoad("libdl.so.2", out var handle) ? handle : IntPtr.Zero;
    }
}
