using Signing.Cms;
using Signing.Cms.Tsp;
using Signing.Core.Validation;
using TestSupport;

namespace Signing.Core.Tests;

/// <summary>What a long-term signed file must satisfy, checked by tools that share no code with ours.</summary>
public static class LtvAssertions
{
    /// <summary>
    /// pdfsig: every CMS signature valid and trusted (it does not implement document time-stamps);
    /// qpdf: no new warnings; openssl ts -verify: every signature time-stamp over its signature value and
    /// every document time-stamp over its ByteRange. Returns our validator's report.
    /// </summary>
    public static ValidationReport AssertLongTermFile(string original, string signed, int expectedDocTimestamps)
    {
        var pdfsig = IndependentValidators.Pdfsig(signed);
        var cmsSignatures = pdfsig.Where(s => !s.Block.Contains("Signature Type: unknown", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(cmsSignatures);
        Assert.All(cmsSignatures, s => Assert.True(s.SignatureValid && s.CertificateTrusted, $"pdfsig rejected #{s.Number}:\n{s.Block}"));

        var (_, before) = IndependentValidators.QpdfCheck(original);
        var (exit, after) = IndependentValidators.QpdfCheck(signed);
        Assert.True(exit is 0 or 3, string.Join('\n', after));
        var fresh = after.Except(before).Where(w => !w.Contains("hint table", StringComparison.OrdinalIgnoreCase)
                                                    && !w.Contains("linearization", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(fresh.Count == 0, "qpdf --check has new warnings:\n" + string.Join('\n', fresh));

        int docTimestamps = 0;
        for (int i = 0; i < IndependentValidators.CountByteRanges(signed); i++)
        {
            var der = TimestampVerification.ContentsDer(signed, i);
            if (TimestampToken.TryParse(der, out _, out _))
            {
                docTimestamps++;
                var ts = TimestampVerification.OpensslTsVerify(der, TimestampVerification.SignedBytes(signed, i));
                Assert.True(ts.ExitCode == 0, $"openssl ts -verify rejected document time-stamp {i + 1}: {ts.All}");
                continue;
            }
            foreach (var token in CadesTimestamps.ReadSignatureTimestampDers(der))
            {
                var ts = TimestampVerification.OpensslTsVerify(token, CadesTimestamps.SignatureValueOf(der));
                Assert.True(ts.ExitCode == 0, $"openssl ts -verify rejected the signature time-stamp of signature {i + 1}: {ts.All}");
            }
        }
        Assert.Equal(expectedDocTimestamps, docTimestamps);

        using var stream = File.OpenRead(signed);
        var report = new PdfSignatureValidator(TrustStore.FromPemFiles([RepoPaths.DevRoot])).Validate(stream);
        Assert.True(report.AllValid, string.Join("\n", report.Signatures.SelectMany(s => s.Problems)));
        return report;
    }
}
