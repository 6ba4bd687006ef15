using System.Security.Cryptography;
using Signing.Abstractions;
using Signing.Cms;
using Signing.Cms.Revocation;
using Signing.Cms.Tsp;
using Signing.Core.Signing;
using Signing.Pdf;

namespace Signing.Core.Validation;

/// <summary>
/// Validates every signature and document time-stamp in a PDF: ByteRange shape, digest over the signed
/// bytes (streamed), the CMS signature, the chain to the configured roots, time-stamps, revocation (from
/// the /DSS, or fetched when <paramref name="online"/> is given), whole-file coverage and the PAdES
/// baseline level reached (ETSI EN 319 142-1 §6).
/// </summary>
public sealed class PdfSignatureValidator(TrustStore trust, TimeProvider? clock = null, RevocationFetcher? online = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public ValidationReport Validate(Stream pdf) =>
        online is null
            ? ValidateAsync(pdf, CancellationToken.None).GetAwaiter().GetResult()
            : throw new InvalidOperationException("Online validation fetches revocation data: use ValidateAsync.");

    public async Task<ValidationReport> ValidateAsync(Stream pdf, CancellationToken ct = default)
    {
        using var source = PdfDocumentSource.Open(pdf);
        var signatures = source.ReadSignatures();
        var dss = LevelAssessment.ToRevocationData(source.ReadDss());
        var dssCertificates = dss.Certificates.Select(c => (ReadOnlyMemory<byte>)c).ToList();
        var now = _clock.GetUtcNow();

        var reports = new List<SignatureReport>();
        var docTimestamps = new List<LevelAssessment.DocTimestamp>();
        foreach (var signature in signatures.Where(s => s.Type == "DocTimeStamp"))
        {
            var report = ValidateDocumentTimestamp(pdf, source.Length, signature, dssCertificates);
            docTimestamps.Add(new(signature.ByteRange[2] + signature.ByteRange[3], report.IsValid, report.Timestamp?.Time));
            reports.Add(report);
        }
        foreach (var signature in signatures.Where(s => s.Type != "DocTimeStamp"))
        {
            reports.Add(await ValidateSignature(pdf, source.Length, signature, dss, dssCertificates, docTimestamps, now, ct));
        }
        var ordered = reports.OrderBy(r => r.ByteRange.Length == 4 ? r.ByteRange[2] + r.ByteRange[3] : 0)
            .Select(r => WithChangesAfter(r, pdf, source)).ToList();
        return new ValidationReport(source.Length, Sha256Of(pdf), ordered);
    }

    private async Task<SignatureReport> ValidateSignature(Stream pdf, long length, EmbeddedSignature signature, RevocationData dss,
        IReadOnlyList<ReadOnlyMemory<byte>> dssCertificates, List<LevelAssessment.DocTimestamp> docTimestamps, DateTimeOffset now,
        CancellationToken ct)
    {
        var problems = new List<string>();
        if (!ByteRange.IsWellFormed(pdf, length, signature.ByteRange, problems))
        {
            return Malformed(signature, problems);
        }
        var cms = DerTrim.TrimPadding(signature.Contents);
        var result = CmsSignatureVerifier.Verify(
            cms, digest => ByteRange.Digest(pdf, signature.ByteRange, digest), trust, signature.SigningTime ?? now);
        AddCmsProblems(result, problems);
        try
        {
            return await Assess(pdf, length, signature, cms, result, problems, dss, dssCertificates, docTimestamps, now, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException or SigningException))
        {
            // A damaged /Contents (a flipped byte inside the CMS: its certificates, attributes, time-stamp token)
            // makes BouncyCastle throw whatever its parser meets; report it as a broken signature, not a crash.
            problems.Add($"The signature's CMS structure is damaged and cannot be read ({e.GetType().Name}).");
            return Malformed(signature, problems) with { ByteRangeWellFormed = true, DigestMatches = result.MessageDigestMatches };
        }
    }

    private async Task<SignatureReport> Assess(Stream pdf, long length, EmbeddedSignature signature, byte[] cms, CmsVerificationResult result,
        List<string> problems, RevocationData dss, IReadOnlyList<ReadOnlyMemory<byte>> dssCertificates,
        List<LevelAssessment.DocTimestamp> docTimestamps, DateTimeOffset now, CancellationToken ct)
    {
        long signatureEnd = signature.ByteRange[2] + signature.ByteRange[3];
        var timestamp = TimestampChecks.OfSignature(cms, trust, dssCertificates);
        var provenTime = timestamp is { Valid: true } ? timestamp.Time
            : docTimestamps.Where(t => t.Valid && t.CoveredEnd > signatureEnd).Select(t => t.Time).Min();
        var chain = LevelAssessment.ChainOf(cms, dss);
        var fresh = online is null || chain.Count == 0 ? null : await online.FetchAsync(chain, ct).ConfigureAwait(false);
        var revocation = RevocationAssessment.Assess(chain, dss, fresh, provenTime, now);
        if (revocation.RevokedBeforeSigning)
        {
            problems.Add("A certificate of the signer's path is revoked, and no time-stamp proves the signature was made before that.");
        }
        if (timestamp?.Problem is { } tsProblem)
        {
            problems.Add(tsProblem);
        }

        var baseLevel = PadesLevelClassifier.Of(signature, result);
        var level = LevelAssessment.Of(baseLevel, signatureEnd, timestamp is { Valid: true }, docTimestamps,
            revocation.CompleteFromEmbedded,
            end => LevelAssessment.Complete(chain, LevelAssessment.DssAt(pdf, end), provenTime ?? now));

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
            CoversWholeFile = signatureEnd == length,
            Level = level,
            Timestamp = timestamp,
            Revocation = revocation.Lines,
            RevokedBeforeSigning = revocation.RevokedBeforeSigning,
            Problems = problems,
        };
    }

    private SignatureReport ValidateDocumentTimestamp(Stream pdf, long length, EmbeddedSignature signature,
        IReadOnlyList<ReadOnlyMemory<byte>> dssCertificates)
    {
        var problems = new List<string>();
        if (!ByteRange.IsWellFormed(pdf, length, signature.ByteRange, problems))
        {
            return Malformed(signature, problems);
        }
        var token = DerTrim.TrimPadding(signature.Contents);
        var report = TimestampChecks.OfDocument(signature, token, d => ByteRange.Digest(pdf, signature.ByteRange, d), trust, dssCertificates);
        if (report.Problem is { } problem)
        {
            problems.Add(problem);
        }
        return new SignatureReport
        {
            FieldName = signature.FieldName,
            Type = signature.Type,
            SubFilter = signature.SubFilter,
            Signer = report.Authority,
            SigningTime = report.Time,
            ByteRange = signature.ByteRange,
            ByteRangeWellFormed = true,
            DigestMatches = report.Valid,
            SignatureValid = report.Valid,
            ChainTrusted = report.Valid,
            CoversWholeFile = signature.ByteRange[2] + signature.ByteRange[3] == length,
            Level = "document time-stamp",
            Timestamp = report,
            Problems = problems,
        };
    }

    private static void AddCmsProblems(CmsVerificationResult result, List<string> problems)
    {
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
    }

    private static SignatureReport Malformed(EmbeddedSignature signature, List<string> problems) => new()
    {
        FieldName = signature.FieldName, Type = signature.Type, SubFilter = signature.SubFilter,
        ByteRange = signature.ByteRange, Level = "none", Problems = problems, SigningTime = signature.SigningTime,
    };

    /// <summary>
    /// For a signature that does not cover the whole file: what the later revisions changed, comparing the
    /// signed version (the file up to the end of its ByteRange, a complete PDF) with the file as it is.
    /// </summary>
    private static SignatureReport WithChangesAfter(SignatureReport report, Stream pdf, PdfDocumentSource current)
    {
        if (!report.ByteRangeWellFormed || report.ByteRange.Length != 4)
            return report;
        var signedEnd = report.ByteRange[2] + report.ByteRange[3];
        if (signedEnd >= current.Length)
            return report;
        try
        {
            using var signedVersion = PdfDocumentSource.Open(new PrefixStream(pdf, signedEnd));
            return report with { ChangesAfter = RevisionComparer.Compare(signedVersion, current) };
        }
        catch (PdfFormatException e)
        {
            return report with
            {
                ChangesAfter = [new RevisionChange("signed-version-unreadable", false, $"The version this signature covers cannot be read for comparison: {e.Message}")],
            };
        }
    }

    private static string Sha256Of(Stream pdf)
    {
        pdf.Position = 0;
        return Convert.ToHexStringLower(SHA256.HashData(pdf));
    }
}
