using Org.BouncyCastle.Utilities.IO.Pem;
using Signing.Abstractions;

namespace Signing.Cms;

/// <summary>PEM certificate bundles (RFC 7468 §5: "CERTIFICATE" blocks) to and from DER.</summary>
public static class PemCertificates
{
    /// <summary>
    /// Every CERTIFICATE block in <paramref name="pemText"/>, in file order. Text outside blocks and
    /// other block types (keys, CRLs) are skipped. A CERTIFICATE block that is not a valid X.509
    /// certificate is a <see cref="CertificateException"/> (certificate-unusable).
    /// </summary>
    public static IReadOnlyList<byte[]> Read(string pemText)
    {
        ArgumentNullException.ThrowIfNull(pemText);
        var result = new List<byte[]>();
        using var reader = new PemReader(new StringReader(pemText));
        while (true)
        {
            PemObject? block;
            try
            {
                block = reader.ReadPemObject();
            }
            catch (Exception e) when (e is IOException or FormatException or ArgumentException)
            {
                throw new CertificateException(ErrorCodes.CertificateUnusable,
                    $"PEM block {result.Count + 1} is malformed: {e.Message}", e);
            }

            if (block is null)
                break;
            if (block.Type is not ("CERTIFICATE" or "X509 CERTIFICATE"))
                continue;

            CertificateInfo.Parse(block.Content);
            result.Add(block.Content);
        }

        return result;
    }

    /// <summary>PEM text with one CERTIFICATE block per DER certificate (64-column base64, LF line ends).</summary>
    public static string Write(IEnumerable<ReadOnlyMemory<byte>> ders)
    {
        ArgumentNullException.ThrowIfNull(ders);
        var text = new StringWriter { NewLine = "\n" };
        var writer = new PemWriter(text);
        foreach (var der in ders)
            writer.WriteObject(new PemObject("CERTIFICATE", der.ToArray()));
        return text.ToString();
    }

    /// <summary>PEM text for one block of any type (used for keys by the dev PKI).</summary>
    internal static string WriteBlock(string type, byte[] content)
    {
        var text = new StringWriter { NewLine = "\n" };
        new PemWriter(text).WriteObject(new PemObject(type, content));
        return text.ToString();
    }
}
