using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.Utilities.IO.Pem;
using Org.BouncyCastle.X509;
using Signing.Cms.Revocation;

namespace Signing.Cms;

/// <summary>A request to a dev service that is not a well-formed TimeStampReq / OCSPRequest: HTTP 400.</summary>
public sealed class DevPkiRequestException(string message, Exception? inner = null) : ArgumentException(message, inner);

/// <summary>
/// The dev PKI's online services, in process: an RFC 3161 TSA with the dev TSA key, an RFC 6960 OCSP
/// responder with the delegated dev OCSP key, and RFC 5280 CRLs of both dev CAs. Revocations live in
/// revocations.json of a state folder (default certs-dev/state/) so that every process using the folder
/// agrees. DEV ONLY. Thread-safe.
/// </summary>
public sealed class DevAuthority
{
    /// <summary>TSTInfo policy of the dev TSA (a private arc, "dev").</summary>
    public const string TsaPolicyOid = "1.3.6.1.4.1.99999.1.1";

    private readonly Ca _root;
    private readonly Ca _issuing;
    private readonly X509Certificate _ocspCert;
    private readonly AsymmetricKeyParameter _ocspKey;
    private readonly TimeStampResponseGenerator _tsa;
    private readonly object _tsaGate = new();
    private readonly Dictionary<string, (string Name, X509Certificate Cert)> _known;
    private readonly DevRevocationState _state;
    private readonly TimeProvider _clock;
    private long _serial;

    private sealed record Ca(string Name, X509Certificate Certificate, AsymmetricKeyParameter Key);

    private DevAuthority(string folder, string stateFolder, TimeProvider clock)
    {
        Folder = folder;
        _clock = clock;
        _state = new DevRevocationState(stateFolder);
        _root = new Ca("root-ca", Certificate("root-ca"), Key("root-ca"));
        _issuing = new Ca("issuing-ca", Certificate("issuing-ca"), Key("issuing-ca"));
        _ocspCert = Certificate("ocsp");
        _ocspKey = Key("ocsp");

        var tsaCert = Certificate("tsa");
        var generator = new TimeStampTokenGenerator(Key("tsa"), tsaCert, TspAlgorithms.Sha256, TsaPolicyOid);
        generator.SetCertificates(CollectionUtilities.CreateStore(new[] { tsaCert, _issuing.Certificate }));
        generator.SetAccuracySeconds(1);
        generator.SetOrdering(false);
        _tsa = new TimeStampResponseGenerator(generator, TspAlgorithms.Allowed);
        // Serial numbers only grow, across restarts too: start from the clock in microseconds.
        _serial = clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000;

        _known = new Dictionary<string, (string, X509Certificate)>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.pem").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (name.EndsWith(".key", StringComparison.Ordinal) || name == "chain")
                continue;
            foreach (var der in PemCertificates.Read(File.ReadAllText(file)))
            {
                var cert = CertificateInfo.Parse(der);
                _known.TryAdd(SerialHex(cert.SerialNumber), (name, cert));
            }
        }
    }

    /// <summary>The dev PKI folder (certs-dev).</summary>
    public string Folder { get; }

    /// <summary>Where revocations.json lives.</summary>
    public string StateFolder => _state.Folder;

    /// <summary>
    /// Loads root-ca, issuing-ca, tsa and ocsp (NAME.pem + NAME.key.pem) from <paramref name="devPkiFolder"/>.
    /// <paramref name="stateFolder"/> defaults to devPkiFolder/state; tests pass a temp folder of their own.
    /// </summary>
    public static DevAuthority Load(string devPkiFolder, string? stateFolder = null, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(devPkiFolder);
        var folder = Path.GetFullPath(devPkiFolder);
        return new DevAuthority(folder, stateFolder ?? Path.Combine(folder, "state"), clock ?? TimeProvider.System);
    }

    /// <summary>DER certificate of "root-ca" or "issuing-ca" (what /dev-pki/NAME.cer serves).</summary>
    public byte[] CaCertificate(string caName) => CaNamed(caName).Certificate.GetEncoded();

    /// <summary>
    /// Answers a DER TimeStampReq with a DER TimeStampResp (RFC 3161 §2.4): SHA-256 with RSA by the dev
    /// TSA, accuracy 1 s, ordering false, policy <see cref="TsaPolicyOid"/>, increasing serials, the TSA
    /// and issuing CA certificates when certReq is set. A request with an unknown hash algorithm gets a
    /// rejection (badAlg) from BouncyCastle's generator; bytes that are no TimeStampReq throw
    /// <see cref="DevPkiRequestException"/>.
    /// </summary>
    public byte[] Timestamp(byte[] timeStampRequestDer)
    {
        TimeStampRequest request;
        try
        {
            request = new TimeStampRequest(timeStampRequestDer ?? throw new ArgumentNullException(nameof(timeStampRequestDer)));
        }
        catch (Exception e) when (e is not (OutOfMemoryException or ArgumentNullException))
        {
            throw new DevPkiRequestException("The body is not a DER TimeStampReq (RFC 3161 §2.4.1): " + e.Message, e);
        }

        lock (_tsaGate)
        {
            var serial = BigInteger.ValueOf(++_serial);
            return _tsa.Generate(request, serial, Now()).GetEncoded();
        }
    }

    /// <summary>
    /// Answers a DER OCSPRequest with a DER OCSPResponse (RFC 6960 §4.2): one SingleResponse per request
    /// entry — good for certificates the issuing CA issued, revoked (time, reason) for those in the state
    /// file, unknown for anything else — thisUpdate now, nextUpdate now + 1 h, the request nonce echoed
    /// (§4.4.1), signed (byKey responder ID) by the delegated dev responder, whose certificate is included.
    /// </summary>
    public byte[] Ocsp(byte[] ocspRequestDer)
    {
        OcspReq request;
        Req[] entries;
        try
        {
            request = new OcspReq(ocspRequestDer ?? throw new ArgumentNullException(nameof(ocspRequestDer)));
            entries = request.GetRequestList();
        }
        catch (Exception e) when (e is not (OutOfMemoryException or ArgumentNullException))
        {
            throw new DevPkiRequestException("The body is not a DER OCSPRequest (RFC 6960 §4.1.1): " + e.Message, e);
        }

        if (entries.Length == 0)
            throw new DevPkiRequestException("The OCSPRequest asks about no certificate.");

        var now = Now();
        var revoked = _state.Read();
        var generator = new BasicOcspRespGenerator(new RespID(_ocspCert.GetPublicKey()));
        foreach (var entry in entries)
        {
            var id = entry.GetCertID();
            generator.AddResponse(id, StatusOf(id, revoked), now, now.AddHours(1), null);
        }

        var nonce = request.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce);
        if (nonce is not null)
        {
            generator.SetResponseExtensions(new X509Extensions(new Dictionary<DerObjectIdentifier, X509Extension>
            {
                [OcspObjectIdentifiers.PkixOcspNonce] = new(false, nonce),
            }));
        }

        var basic = generator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", _ocspKey), [_ocspCert], now);
        return new OCSPRespGenerator().Generate(OCSPRespGenerator.Successful, basic).GetEncoded();
    }

    /// <summary>
    /// A fresh DER CRL of "issuing-ca" or "root-ca" (RFC 5280 §5): signed by that CA, thisUpdate now,
    /// nextUpdate now + 1 day, authorityKeyIdentifier and an increasing cRLNumber (§5.2.1, §5.2.3), one
    /// entry with reasonCode per certificate of that CA in the state file (§5.3.1).
    /// </summary>
    public byte[] Crl(string caName)
    {
        var ca = CaNamed(caName);
        var now = Now();
        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(ca.Certificate.SubjectDN);
        generator.SetThisUpdate(now);
        generator.SetNextUpdate(now.AddDays(1));
        foreach (var revocation in _state.Read().Where(r => r.Issuer == ca.Name))
            generator.AddCrlEntry(new BigInteger(revocation.SerialHex, 16), revocation.RevokedAt.UtcDateTime, (int)revocation.Reason);
        var ski = Asn1OctetString.GetInstance(ca.Certificate.GetExtensionValue(X509Extensions.SubjectKeyIdentifier).GetOctets());
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(ski.GetOctets()));
        generator.AddExtension(X509Extensions.CrlNumber, false,
            new CrlNumber(BigInteger.ValueOf(_clock.GetUtcNow().ToUnixTimeMilliseconds())));
        return generator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", ca.Key)).GetEncoded();
    }

    /// <summary>
    /// Revokes a dev certificate, by identity name ("revoked", "kadis", "issuing-ca"…) or serial (hex),
    /// at <paramref name="at"/> (default now) — persisted in revocations.json. Revoking an already revoked
    /// certificate keeps the first entry. Returns the entry.
    /// </summary>
    public DevRevocation Revoke(string identityOrSerialHex, RevocationReason reason = RevocationReason.KeyCompromise,
        DateTimeOffset? at = null)
    {
        var (serialHex, name, cert) = Resolve(identityOrSerialHex);
        var issuer = IssuerNameOf(cert);
        var when = at ?? new DateTimeOffset(Now(), TimeSpan.Zero);
        var entry = new DevRevocation(serialHex, issuer, name, when, reason);
        var list = _state.Update(current => current.Any(r => r.SerialHex == serialHex) ? current : [.. current, entry]);
        return list.First(r => r.SerialHex == serialHex);
    }

    /// <summary>Takes a certificate off the dev CA's revocation list again (dev convenience). True if it was on it.</summary>
    public bool Unrevoke(string identityOrSerialHex)
    {
        var serialHex = Resolve(identityOrSerialHex).SerialHex;
        var removed = false;
        _state.Update(current =>
        {
            removed = current.Any(r => r.SerialHex == serialHex);
            return current.Where(r => r.SerialHex != serialHex).ToList();
        });
        return removed;
    }

    /// <summary>Every revocation in the state folder.</summary>
    public IReadOnlyList<DevRevocation> Revocations => _state.Read();

    private CertificateStatus StatusOf(CertificateID id, IReadOnlyList<DevRevocation> revoked)
    {
        // RFC 6960 §4.2.2.2: this responder is delegated by the issuing CA only; anything else is "unknown" (§2.2).
        if (!id.MatchesIssuer(_issuing.Certificate))
            return new UnknownStatus();
        var serialHex = SerialHex(id.SerialNumber);
        if (revoked.FirstOrDefault(r => r.SerialHex == serialHex && r.Issuer == _issuing.Name) is { } entry)
            return new RevokedStatus(entry.RevokedAt.UtcDateTime, (int)entry.Reason);
        return _known.TryGetValue(serialHex, out var known) && IssuerNameOf(known.Cert) == _issuing.Name
            ? CertificateStatus.Good
            : new UnknownStatus();
    }

    private (string SerialHex, string? Name, X509Certificate Cert) Resolve(string identityOrSerialHex)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identityOrSerialHex);
        var byName = _known.Values.Where(k => k.Name == identityOrSerialHex).ToList();
        if (byName.Count > 0)
            return (SerialHex(byName[0].Cert.SerialNumber), byName[0].Name, byName[0].Cert);
        var digits = identityOrSerialHex.Replace(":", "", StringComparison.Ordinal);
        if (digits.All(Uri.IsHexDigit))
        {
            var hex = SerialHex(new BigInteger(digits, 16));
            if (_known.TryGetValue(hex, out var bySerial))
                return (hex, bySerial.Name, bySerial.Cert);
        }

        throw new ArgumentException(
            $"No dev certificate named or with serial '{identityOrSerialHex}' in {Folder} (known: {string.Join(", ", _known.Values.Select(k => k.Name).Distinct())}).",
            nameof(identityOrSerialHex));
    }

    private string IssuerNameOf(X509Certificate cert) =>
        RevocationFetcher.IsIssuerOf(_issuing.Certificate, cert) ? _issuing.Name
        : RevocationFetcher.IsIssuerOf(_root.Certificate, cert) && !cert.Equals(_root.Certificate) ? _root.Name
        : throw new ArgumentException($"'{CertificateInfo.FormatName(cert.SubjectDN)}' is not issued by a dev CA that can revoke it.");

    private Ca CaNamed(string caName) => caName switch
    {
        "issuing-ca" => _issuing,
        "root-ca" => _root,
        _ => throw new ArgumentException($"Unknown dev CA '{caName}' (issuing-ca or root-ca).", nameof(caName)),
    };

    /// <summary>Whole seconds: GeneralizedTime without fractions (RFC 5280 §4.1.2.5.2).</summary>
    private DateTime Now()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    private static string SerialHex(BigInteger serial) => Convert.ToHexString(serial.ToByteArrayUnsigned());

    private X509Certificate Certificate(string name)
    {
        var path = Path.Combine(Folder, name + ".pem");
        var ders = File.Exists(path) ? PemCertificates.Read(File.ReadAllText(path)) : [];
        return ders.Count > 0
            ? CertificateInfo.Parse(ders[0])
            : throw new FileNotFoundException($"The dev PKI folder {Folder} has no certificate {name}.pem.", path);
    }

    private AsymmetricKeyParameter Key(string name)
    {
        var path = Path.Combine(Folder, name + ".key.pem");
        if (!File.Exists(path))
            throw new FileNotFoundException($"The dev PKI folder {Folder} has no private key {name}.key.pem.", path);
        using var reader = new StringReader(File.ReadAllText(path));
        var block = new PemReader(reader).ReadPemObject()
                    ?? throw new InvalidDataException($"{path} holds no PEM block.");
        return PrivateKeyFactory.CreateKey(block.Content);
    }
}
