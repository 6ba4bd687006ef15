using System.Security.Cryptography;
using Signing.Abstractions;
using Signing.Cms;
using Signing.Core.Signing;
using Signing.Pdf;

namespace Signing.Core.Validation;

/// <summary>
/// Validates every signature in a PDF: ByteRange shape, digest over the signed bytes (streamed), the CMS
/// signature, the chain to the configured roots, whole-file coverage and the PAdES baseline level reached
/// (ETSI EN 319 142-1 §6).
/// </summary>
public sealed class PdfSignatureValidator(TrustStore trust, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public ValidationReport Validate(Stream pdf)
    {
        using var source = PdfDocumentSource.Open(pdf);
        var signatures = source.ReadSignatures();
        var reports = signatures.Select(s => ValidateOne(pdf, source.Length, s)).ToList();
        return new ValidationReport(source.Length, Sha256Of(pdf), reports);
    }

    private SignatureReport ValidateOne(Stream pdf, long length, EmbeddedSignature signature)
    {
        var problems = new List<string>();
        bool wellFormed = ByteRangeIsWellFormed(pdf, length, signature.ByteRange, problems);
        bool coversWholeFile = wellFormed && signature.ByteRange[2] + signature.ByteRange[3] == length;
        if (!wellFormed)
        {
            return new SignatureReport
            {
                FieldName = signature.FieldName, Type = signature.Type, SubFilter = signature.SubFilter,
                ByteRange = signature.ByteRange, Level = "none", Problems = problems,
                SigningTime = signature.SigningTime,
            };
        }

        var cms = DerTrim.TrimPadding(signature.Contents);
        var result = CmsSignatureVerifier.Verify(
            cms, digest => DigestOfRanges(pdf, signature.ByteRange, digest), trust,
            signature.SigningTime ?? _clock.GetUtcNow());
        if (result.Error is not null)
        {
            problems.Add(result.Error);
        }
        if (result.Parsed && !result.MessageDigestMatches)
        {
            problems.Add("The document was changed after signing: the digest over the ByteRange does not match.");
        }
        if (result.Parsed && !result.SignatureValid)
        {
            problems.Add("The CMS signature value does not verify with the signer's certificate.");
        }
        if (result.Parsed && !result.ChainTrusted)
        {
            problems.Add("The signer's certificate does not chain to a trusted root" +
                         (result.ChainError is null ? "." : $": {result.ChainError}"));
        }

        return new SignatureReport
        {
            FieldName = signature.FieldName,
            Type = signature.Type,
            SubFilter = signature.SubFilter,
            Signer = result.SignerSubject,
            SigningTime = signature.SigningTime,
            DigestAlgorithm = result.Digest?.ToString().ToUpperInvariant(),
            SignatureAlgorithm = result.SignatureAlgorithm,
            ByteRange = signature.ByteRange,
            ByteRangeWellFormed = true,
            DigestMatches = result.MessageDigestMatches,
            SignatureValid = result.SignatureValid,
            ChainTrusted = result.ChainTrusted,
            Chain = result.Chain,
            CoversWholeFile = coversWholeFile,
            Level = PadesLevel.Of(signature, result),
            Problems = problems,
        };
    }

    /// <summary>
    /// ISO 32000-1 §12.8.1: two ranges starting at 0, the gap exactly the /Contents hex string
    /// "&lt;…&gt;", nothing past the end of the file.
    /// </summary>
    private static bool ByteRangeIsWellFormed(Stream pdf, long length, long[] br, List<string> problems)
    {
        if (br.Length != 4 || br[0] != 0 || br[1] <= 0 || br[2] <= br[1] || br[3] < 0 || br[2] + br[3] > length)
        {
            problems.Add($"The /ByteRange [{string.Join(' ', br)}] does not describe the file.");
            return false;
        }
        Span<byte> edge = stackalloc byte[1];
        pdf.Position = br[1];
        pdf.ReadExactly(edge);
        bool opens = edge[0] == (byte)'<';
        pdf.Position = br[2] - 1;
        pdf.ReadExactly(edge);
        if (!opens || edge[0] != (byte)'>')
        {
            problems.Add("The /ByteRange gap is not exactly the /Contents hex string.");
            return false;
        }
        return true;
    }

    private static byte[] DigestOfRanges(Stream pdf, long[] br, DigestAlgorithm digest)
    {
        using var hash = IncrementalHash.CreateHash(ByteRangeHasher.ToName(digest));
        var buffer = new byte[81920];
        for (int i = 0; i < br.Length; i += 2)
        {
            pdf.Position = br[i];
            long remaining = br[i + 1];
            while (remaining > 0)
            {
                int read = pdf.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0)
                {
                    break;
                }
                hash.AppendData(buffer, 0, read);
                remaining -= read;
            }
        }
        return hash.GetHashAndReset();
    }

    private static string Sha256Of(Stream pdf)
    {
        pdf.Position = 0;
        return Convert.ToHexStringLower(SHA256.HashData(pdf));
    }
}
