using System.Security.Cryptography;
using System.Text;

namespace Signing.Pdf.Tests;

/// <summary>
/// Validation material for DSS tests: real DER certificates from certs-dev, and stand-in OCSP and CRL bytes
/// (the PDF layer stores them without parsing).
/// </summary>
internal static class TestDss
{
    /// <summary>A second dummy "signature", so two signatures get different /VRI keys.</summary>
    public static readonly byte[] SecondDummyDer = [0x30, 0x03, 0x02, 0x01, 0x01];

    /// <summary>The DER of every CERTIFICATE block in certs-dev/<paramref name="file"/>.</summary>
    public static IReadOnlyList<byte[]> Certificates(string file)
    {
        var pem = File.ReadAllText(Path.Combine(TestSupport.RepoPaths.CertsDev, file));
        const string Begin = "-----BEGIN CERTIFICATE-----";
        const string End = "-----END CERTIFICATE-----";
        var certificates = new List<byte[]>();
        for (var at = pem.IndexOf(Begin, StringComparison.Ordinal); at >= 0; at = pem.IndexOf(Begin, at + 1, StringComparison.Ordinal))
        {
            var start = at + Begin.Length;
            var end = pem.IndexOf(End, start, StringComparison.Ordinal);
            certificates.Add(Convert.FromBase64String(pem[start..end].Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal)));
        }

        return certificates;
    }

    public static byte[] Certificate(string file) => Assert.Single(Certificates(file));

    /// <summary>Bytes that are not an OCSP response, with binary values (including zeros) to survive the round trip.</summary>
    public static byte[] FakeOcsp(int number) => Fake($"fake OCSP response {number}");

    public static byte[] FakeCrl(int number) => Fake($"fake CRL {number}");

    public static string VriKey(byte[] der) => Convert.ToHexString(SHA1.HashData(der));

    public static byte[] Append(byte[] pdf, DssContent content)
    {
        using var stream = new MemoryStream(pdf, writable: false);
        using var source = PdfDocumentSource.Open(stream);
        return [.. pdf, .. PdfDssAppender.Prepare(source, stream, content)];
    }

    public static DssContent? Read(byte[] pdf, PdfReadLimits? limits = null)
    {
        using var source = PdfDocumentSource.Open(new MemoryStream(pdf, writable: false), limits);
        return source.ReadDss();
    }

    public static IReadOnlyList<long> Revisions(byte[] pdf)
    {
        using var source = PdfDocumentSource.Open(new MemoryStream(pdf, writable: false));
        return source.Revisions;
    }

    /// <summary>How many Flate streams an update writes (its cross-reference stream, if any, is uncompressed).</summary>
    public static int FlateStreamCount(byte[] update) =>
        Encoding.Latin1.GetString(update).Split("/FlateDecode").Length - 1;

    private static byte[] Fake(string text) => [.. Encoding.ASCII.GetBytes(text), 0x00, 0x30, 0x82, 0xFF, 0x0D, 0x0A, 0x28];
}
