namespace Signing.Cms;

/// <summary>
/// Facts about a certificate that the stamp, the CLI and the checks need. Names are written most
/// specific RDN first (RFC 4514 §2.1 order), e.g. <c>CN=Budi Santoso,SERIALNUMBER=…,T=…,OU=…,O=…,C=ID</c>.
/// </summary>
/// <param name="Title">Subject title (2.5.4.12): the official's jabatan.</param>
/// <param name="SerialNumberAttribute">Subject serialNumber (2.5.4.5): the official's NIP.</param>
/// <param name="SerialHex">Certificate serial number, upper-case hex without leading zero octets.</param>
/// <param name="Sha256Hex">SHA-256 of the DER certificate, lower-case hex.</param>
public sealed record CertificateSummary(
    string Subject,
    string CommonName,
    string? Title,
    string? Organization,
    string? OrganizationalUnit,
    string? SerialNumberAttribute,
    string Issuer,
    string SerialHex,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string Sha256Hex);
