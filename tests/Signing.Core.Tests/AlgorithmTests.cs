using Signing.Abstractions;
using TestSupport;

namespace Signing.Core.Tests;

/// <summary>Every digest and signature scheme the engine offers, end to end in a PDF, checked by the independent tools.</summary>
public sealed class AlgorithmTests
{
    public static TheoryData<string, KeyBackend, SignatureScheme, DigestAlgorithm> Combinations() => new()
    {
        { "kadis", KeyBackend.Pkcs12, SignatureScheme.RsaPkcs1, DigestAlgorithm.Sha384 },
        { "kadis", KeyBackend.SoftHsm, SignatureScheme.RsaPkcs1, DigestAlgorithm.Sha512 },
        { "sekretaris", KeyBackend.Pkcs12, SignatureScheme.RsaPss, DigestAlgorithm.Sha256 },
        { "sekretaris", KeyBackend.SoftHsm, SignatureScheme.RsaPss, DigestAlgorithm.Sha512 },
        { "kabid", KeyBackend.Pkcs12, SignatureScheme.Ecdsa, DigestAlgorithm.Sha384 },
        { "kabid", KeyBackend.SoftHsm, SignatureScheme.Ecdsa, DigestAlgorithm.Sha512 },
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public void A_signature_with_this_scheme_and_digest_passes_every_independent_tool(string identity, KeyBackend backend, SignatureScheme scheme, DigestAlgorithm digest)
    {
        using var temp = new TempDir();
        var original = RepoPaths.RealWorld("cups-form-russian.pdf");
        var output = temp.File("out.pdf");
        var key = new DevIdentity(identity, scheme == SignatureScheme.Ecdsa ? KeyAlgorithm.EcP256 : KeyAlgorithm.Rsa);

        SigningHarness.Sign(original, output, Signers.For(key, backend), SigningHarness.Visible() with { Scheme = scheme, Digest = digest });

        // MuPDF 1.21 verifies with OpenSSL's legacy PKCS7 API, which has no RSASSA-PSS: it reports a
        // "Digest error" for PSS (pdfsig and openssl cms accept it). PKCS#1 v1.5 stays the default.
        RealWorldSigningTests.AssertAcceptedByIndependentTools(original, output, expectedSignatures: 1,
            mutoolCanVerify: scheme != SignatureScheme.RsaPss);
    }
}
