using TestSupport;

namespace Signing.Core.Tests;

/// <summary>
/// Every real-world PDF (tests/fixtures/real-world, from Debian packages) is signed twice, with RSA and
/// EC keys from both backends, and each output must satisfy tools that share no code with ours.
/// </summary>
public sealed class RealWorldSigningTests
{
    public static TheoryData<string> Fixtures() => new(RepoPaths.RealWorldPdfs());

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_pkcs12_rsa_stamp_then_a_softhsm_ec_signature_both_validate_everywhere(string fixture)
    {
        SignTwiceAndCheck(fixture, (DevIdentities.Kadis, KeyBackend.Pkcs12), (DevIdentities.Kabid, KeyBackend.SoftHsm));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_softhsm_rsa_stamp_then_a_pkcs12_ec_signature_both_validate_everywhere(string fixture)
    {
        SignTwiceAndCheck(fixture, (DevIdentities.Eseal, KeyBackend.SoftHsm), (DevIdentities.Kabid, KeyBackend.Pkcs12));
    }

    private static void SignTwiceAndCheck(string fixture, (DevIdentity Id, KeyBackend Backend) first, (DevIdentity Id, KeyBackend Backend) second)
    {
        using var temp = new TempDir();
        var original = RepoPaths.RealWorld(fixture);
        var once = temp.File("once.pdf");
        var twice = temp.File("twice.pdf");

        SigningHarness.Sign(original, once, Signers.For(first.Id, first.Backend), SigningHarness.Visible());
        AssertOriginalIsPrefix(original, once);
        AssertAcceptedByIndependentTools(original, once, expectedSignatures: 1);

        SigningHarness.Sign(once, twice, Signers.For(second.Id, second.Backend), SigningHarness.Invisible());
        AssertOriginalIsPrefix(once, twice);
        AssertAcceptedByIndependentTools(original, twice, expectedSignatures: 2);
    }

    internal static void AssertAcceptedByIndependentTools(string original, string signed, int expectedSignatures, bool mutoolCanVerify = true)
    {
        var pdfsig = IndependentValidators.Pdfsig(signed);
        Assert.Equal(expectedSignatures, pdfsig.Count);
        Assert.All(pdfsig, s => Assert.True(s.SignatureValid && s.CertificateTrusted, $"pdfsig rejected signature #{s.Number}:\n{s.Block}"));

        var (_, warningsBefore) = IndependentValidators.QpdfCheck(original);
        var (exitAfter, warningsAfter) = IndependentValidators.QpdfCheck(signed);
        Assert.True(exitAfter is 0 or 3, $"qpdf --check failed with exit {exitAfter}: {string.Join('\n', warningsAfter)}");
        var newWarnings = warningsAfter.Except(warningsBefore).Where(w => !IsLinearizationWarning(w)).ToList();
        Assert.True(newWarnings.Count == 0, "qpdf --check has new warnings:\n" + string.Join('\n', newWarnings));

        // mutool checks integrity (it has no trust store): the newest signature must read "unchanged since
        // signing", earlier ones "valid but there have been edits since signing".
        var mutool = IndependentValidators.MutoolVerify(signed);
        Assert.Equal(0, mutool.ExitCode);
        if (mutoolCanVerify)
        {
            Assert.Equal(expectedSignatures, CountOccurrences(mutool.All, "Verifying signature"));
            Assert.Equal(1, CountOccurrences(mutool.All, "The document is unchanged since signing."));
            Assert.Equal(expectedSignatures - 1, CountOccurrences(mutool.All, "The signature is valid but there have been edits since signing."));
        }
        else
        {
            Assert.Contains("Digest error", mutool.All, StringComparison.Ordinal);
        }

        for (int i = 0; i < expectedSignatures; i++)
        {
            var cms = IndependentValidators.OpensslCmsVerify(signed, i);
            Assert.True(cms.ExitCode == 0, $"openssl cms -verify rejected signature {i + 1}: {cms.All}");
        }
    }

    // A linearized original stops being linearized once anything is appended; qpdf then reports the
    // (now stale) hint tables. That is expected of every incremental update (ISO 32000-1 Annex F.2).
    private static bool IsLinearizationWarning(string warning) =>
        warning.Contains("linearization", StringComparison.OrdinalIgnoreCase) ||
        warning.Contains("hint table", StringComparison.OrdinalIgnoreCase);

    internal static void AssertOriginalIsPrefix(string original, string signed)
    {
        var before = File.ReadAllBytes(original);
        var after = File.ReadAllBytes(signed);
        Assert.True(after.Length > before.Length);
        Assert.True(after.AsSpan(0, before.Length).SequenceEqual(before), "the original bytes changed");
    }

    private static int CountOccurrences(string text, string needle)
    {
        int count = 0;
        for (int i = text.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = text.IndexOf(needle, i + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
