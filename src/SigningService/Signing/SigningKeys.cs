using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Signing.Abstractions;
using Signing.Cms;
using Signing.Core.Signing;
using Signing.Pkcs11;
using SigningService.Domain;
using SigningService.Options;

namespace SigningService.Signing;

/// <summary>
/// Opens the e-seal keys the worker signs with and keeps them open: one PKCS#11 login per token for
/// the life of the process (the adapter opens a session per signature). With no PKCS#11 module configured
/// (the embedded dev default) the dev PKI's PKCS#12 files stand in: token label "dev-NAME" is NAME.p12.
/// A key that fails to open is not cached, so the next attempt tries again (a token plugged back in).
/// </summary>
public sealed class SigningKeys(IOptions<KeysOptions> options, IHostEnvironment environment) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, Lazy<IRawSigner>> _open = new();
    private readonly KeysOptions _options = options.Value;
    private IReadOnlyList<ReadOnlyMemory<byte>>? _chain;

    public IRawSigner ESeal(Signatory signatory)
    {
        if (signatory.Kind != SignatoryKind.ESeal)
        {
            throw new InvalidOperationException("Personal signatures are made with the official's own PIN, not by the worker.");
        }
        var lazy = _open.GetOrAdd(signatory.Id, _ => new Lazy<IRawSigner>(() => Open(signatory), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _open.TryRemove(new KeyValuePair<Guid, Lazy<IRawSigner>>(signatory.Id, lazy));
            throw;
        }
    }

    /// <summary>
    /// The certificate and chain of an e-seal key that is already open, or null: submissions prepare
    /// signatures with it, and must never wait for (or fail on) a token login themselves.
    /// </summary>
    public SignerIdentity? OpenIdentity(Signatory signatory) =>
        _open.TryGetValue(signatory.Id, out var lazy) && lazy.IsValueCreated ? SignerIdentity.Of(lazy.Value) : null;

    /// <summary>Forgets an open key (after the token reported it gone), so the next use opens it again.</summary>
    public void Forget(Signatory signatory)
    {
        if (_open.TryRemove(signatory.Id, out var lazy) && lazy.IsValueCreated)
        {
            (lazy.Value as IDisposable)?.Dispose();
        }
    }

    private IRawSigner Open(Signatory signatory)
    {
        var token = signatory.TokenLabel
                    ?? throw new KeyAccessException(ErrorCodes.TokenNotPresent, $"No token is configured for '{signatory.Name}'.");
        if (!string.IsNullOrEmpty(_options.Pkcs11Module))
        {
            var pinVariable = _options.ESealPinEnv.GetValueOrDefault(token)
                              ?? throw new KeyAccessException(ErrorCodes.PinRequired,
                                  $"Keys:ESealPinEnv has no entry for token '{token}': the worker cannot log in to sign unattended.");
            var pin = Environment.GetEnvironmentVariable(pinVariable)
                      ?? throw new KeyAccessException(ErrorCodes.PinRequired,
                          $"The environment variable {pinVariable} (PIN of token '{token}') is not set.");
            return Pkcs11Module.Load(_options.Pkcs11Module).OpenSigner(
                new Pkcs11KeyReference(_options.Pkcs11Module, token, null, signatory.KeyLabel ?? "sign", null),
                pin, signatory.Certificate, Chain());
        }

        if (string.IsNullOrEmpty(_options.Pkcs12Folder))
        {
            throw new KeyAccessException(ErrorCodes.TokenUnavailable,
                "No key store is configured: set Keys:Pkcs11Module (production) or Keys:Pkcs12Folder (dev PKI).");
        }
        return OpenDevKeyFile(_options.Pkcs12Folder, token);
    }

    private Pkcs12RawSigner OpenDevKeyFile(string folder, string token)
    {
        var name = token.StartsWith("dev-", StringComparison.Ordinal) ? token[4..] : token;
        var file = Path.Combine(folder, name + ".p12");
        if (!File.Exists(file))
        {
            throw new KeyAccessException(ErrorCodes.TokenNotPresent, $"The dev key file {file} for token '{token}' does not exist.");
        }
        var password = _options.Pkcs12PasswordEnv is { } variable ? Environment.GetEnvironmentVariable(variable) : null;
        if (password is null && environment.IsDevelopment())
        {
            password = DevPkiPassword; // published in certs-dev/manifest.json: the dev PKI has no secrets
        }
        if (password is null)
        {
            throw new KeyAccessException(ErrorCodes.PinRequired, "Keys:Pkcs12PasswordEnv names no set environment variable.");
        }
        using var stream = File.OpenRead(file);
        return Pkcs12RawSigner.Open(stream, password, Chain());
    }

    /// <summary>
    /// Opens an official's key for one request with the PIN they typed. PKCS#11: the token checks the PIN
    /// (C_Login, its own count of wrong tries) and the login ends when the returned key is disposed. With no
    /// module in Development, the dev PKCS#12 file stands in for the token and the PIN must be
    /// Keys:DevPersonalPin, so a wrong PIN fails as on a token. Nothing here keeps, logs or echoes the PIN.
    /// </summary>
    public PersonalKey OpenPersonal(Signatory signatory, string pin)
    {
        if (signatory.Kind != SignatoryKind.Official)
        {
            throw new InvalidOperationException("An e-seal is opened by the service, not with an official's PIN.");
        }
        var token = signatory.TokenLabel
                    ?? throw new KeyAccessException(ErrorCodes.TokenNotPresent, $"No token is configured for '{signatory.Name}'.");
        if (pin.Length == 0)
        {
            throw new KeyAccessException(ErrorCodes.PinRequired, $"The PIN of token '{token}' is required to sign.");
        }
        if (!string.IsNullOrEmpty(_options.Pkcs11Module))
        {
            var signer = Pkcs11Module.Load(_options.Pkcs11Module).OpenSigner(
                new Pkcs11KeyReference(_options.Pkcs11Module, token, null, signatory.KeyLabel ?? "sign", null),
                pin, signatory.Certificate, Chain());
            return new PersonalKey(signer, signer);
        }
        if (!environment.IsDevelopment() || string.IsNullOrEmpty(_options.Pkcs12Folder))
        {
            throw new KeyAccessException(ErrorCodes.TokenUnavailable,
                "Officials sign on their tokens: set Keys:Pkcs11Module (the dev PKCS#12 stand-in exists in Development only).");
        }
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(pin), Encoding.UTF8.GetBytes(_options.DevPersonalPin)))
        {
            throw new KeyAccessException(ErrorCodes.PinIncorrect, $"The PIN is incorrect (dev key file for token '{token}').");
        }
        return new PersonalKey(OpenDevKeyFile(_options.Pkcs12Folder, token), null);
    }

    private const string DevPkiPassword = "123456";

    private IReadOnlyList<ReadOnlyMemory<byte>> Chain()
    {
        if (_chain is not null)
        {
            return _chain;
        }
        var file = _options.ChainFile ?? (_options.Pkcs12Folder is { } folder ? Path.Combine(folder, "chain.pem") : null);
        _chain = file is not null && File.Exists(file)
            ? PemCertificates.Read(File.ReadAllText(file)).Select(b => (ReadOnlyMemory<byte>)b).ToList()
            : [];
        return _chain;
    }

    public void Dispose()
    {
        foreach (var lazy in _open.Values.Where(l => l.IsValueCreated))
        {
            (lazy.Value as IDisposable)?.Dispose();
        }
        _open.Clear();
    }
}

/// <summary>An official's key opened for one request; disposing it ends the token login.</summary>
public sealed class PersonalKey(IRawSigner signer, IDisposable? login) : IDisposable
{
    public IRawSigner Signer { get; } = signer;

    public void Dispose() => login?.Dispose();
}
