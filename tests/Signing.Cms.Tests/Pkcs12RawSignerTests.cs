using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities.IO.Pem;
using Signing.Abstractions;

namespace Signing.Cms.Tests;

[Collection(DevPkiCollection.Name)]
public sealed class Pkcs12RawSignerTests(DevPkiFixture pki)
{
    private Pkcs12RawSigner Open(string name, IReadOnlyList<ReadOnlyMemory<byte>>? chain = null)
    {
        using var file = File.OpenRead(pki.Pki[name].P12File);
        return Pkcs12RawSigner.Open(file, DevPkiFixture.Password, chain);
    }

    [Fact]
    public void The_certificate_key_algorithm_and_stored_chain_come_from_the_file()
    {
        var kadis = Open("kadis");
        var kabid = Open("kabid");

        Assert.Equal(File.ReadAllText(pki.Pki["kadis"].CertFile), PemCertificates.Write([kadis.Certificate]));
        Assert.Equal(KeyAlgorithm.Rsa, kadis.KeyAlgorithm);
        Assert.Equal(KeyAlgorithm.EcP256, kabid.KeyAlgorithm);
        Assert.Equal([Convert.ToHexString(pki.IssuingDer), Convert.ToHexString(pki.RootDer)],
            kadis.Chain.Select(c => Convert.ToHexString(c.Span)));
    }

    [Fact]
    public void A_given_chain_replaces_the_stored_one_without_repeating_the_signer()
    {
        var kadisCert = Open("kadis").Certificate;

        var signer = Open("kadis", [kadisCert, pki.IssuingDer]);

        Assert.Equal(Convert.ToHexString(pki.IssuingDer), Convert.ToHexString(Assert.Single(signer.Chain).Span));
    }

    [Fact]
    public void A_wrong_password_is_password_incorrect()
    {
        using var file = File.OpenRead(pki.Pki["kabid"].P12File);

        var error = Assert.Throws<KeyAccessException>(() => Pkcs12RawSigner.Open(file, "12345"));

        Assert.Equal(ErrorCodes.PasswordIncorrect, error.Code);
    }

    [Theory]
    [InlineData("kadis.pem")]
    [InlineData("kadis.key.pem")]
    [InlineData("root-ca.cer")]
    public void A_file_that_is_not_PKCS12_is_keystore_invalid(string fileName)
    {
        using var file = File.OpenRead(Path.Combine(pki.Directory, fileName));

        var error = Assert.Throws<KeyAccessException>(() => Pkcs12RawSigner.Open(file, DevPkiFixture.Password));

        Assert.Equal(ErrorCodes.KeyStoreInvalid, error.Code);
    }

    [Fact]
    public void A_truncated_PKCS12_is_keystore_invalid()
    {
        var bytes = File.ReadAllBytes(pki.Pki["kadis"].P12File);

        var error = Assert.Throws<KeyAccessException>(
            () => Pkcs12RawSigner.Open(new MemoryStream(bytes[..(bytes.Length / 2)]), DevPkiFixture.Password));

        Assert.Equal(ErrorCodes.KeyStoreInvalid, error.Code);
    }

    [Fact]
    public void A_PKCS12_whose_key_belongs_to_another_certificate_is_certificate_key_mismatch()
    {
        using var keyReader = new StringReader(File.ReadAllText(pki.Pki["kadis"].KeyFile));
        var kadisKey = PrivateKeyFactory.CreateKey(new PemReader(keyReader).ReadPemObject().Content);
        var store = new Pkcs12StoreBuilder().Build();
        store.SetKeyEntry("mixed", new AsymmetricKeyEntry(kadisKey),
            [new X509CertificateEntry(CertificateInfo.Parse(Open("sekretaris").Certificate))]);
        using var mixed = new MemoryStream();
        store.Save(mixed, DevPkiFixture.Password.ToCharArray(), new SecureRandom());
        mixed.Position = 0;

        var error = Assert.Throws<CertificateException>(() => Pkcs12RawSigner.Open(mixed, DevPkiFixture.Password));

        Assert.Equal(ErrorCodes.CertificateKeyMismatch, error.Code);
    }

    [Theory]
    [InlineData("kadis", SignatureScheme.Ecdsa)]
    [InlineData("kabid", SignatureScheme.RsaPkcs1)]
    [InlineData("kabid", SignatureScheme.RsaPss)]
    public async Task A_scheme_the_key_cannot_do_is_mechanism_not_supported(string identity, SignatureScheme scheme)
    {
        var signer = pki.Signer(identity);

        var error = await Assert.ThrowsAsync<KeyAccessException>(
            async () => await signer.SignAsync(new byte[] { 1, 2, 3 }, DigestAlgorithm.Sha256, scheme));

        Assert.Equal(ErrorCodes.MechanismNotSupported, error.Code);
    }

    [Fact]
    public async Task ECDSA_signatures_are_deterministic_and_PSS_signatures_are_salted()
    {
        var data = TestSignatures.Content(200);

        var ecdsa1 = await pki.Signer("kabid").SignAsync(data, DigestAlgorithm.Sha256, SignatureScheme.Ecdsa);
        var ecdsa2 = await pki.Signer("kabid").SignAsync(data, DigestAlgorithm.Sha256, SignatureScheme.Ecdsa);
        var pss1 = await pki.Signer("kadis").SignAsync(data, DigestAlgorithm.Sha256, SignatureScheme.RsaPss);
        var pss2 = await pki.Signer("kadis").SignAsync(data, DigestAlgorithm.Sha256, SignatureScheme.RsaPss);

        Assert.Equal(ecdsa1, ecdsa2);
        Assert.Equal(0x30, ecdsa1[0]);
        Assert.NotEqual(pss1, pss2);
        Assert.Equal(256, pss1.Length);
    }

    [Fact]
    public async Task Many_parallel_signatures_from_one_signer_all_verify()
    {
        var signers = new[] { ("kadis", SignatureScheme.RsaPss), ("kabid", SignatureScheme.Ecdsa), ("eseal", SignatureScheme.RsaPkcs1) };
        var jobs = Enumerable.Range(0, 48).Select(i => (Index: i, signers[i % 3].Item1, signers[i % 3].Item2)).ToList();
        var results = new CmsVerificationResult[jobs.Count];

        await Parallel.ForEachAsync(jobs, async (job, _) =>
        {
            var content = TestSignatures.Content(2_000, job.Index);
            var cms = await TestSignatures.SignDetachedAsync(pki.Signer(job.Item2), content, DigestAlgorithm.Sha256, job.Item3);
            results[job.Index] = CmsSignatureVerifier.Verify(cms, TestSignatures.DigestOf(content), pki.Trust, pki.Now);
        });

        Assert.All(results, r => Assert.True(r.IntegrityValid && r.ChainTrusted, r.Error ?? r.ChainError));
    }

    [Fact]
    public async Task A_cancelled_token_stops_before_signing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await pki.Signer("kadis").SignAsync(new byte[] { 1 }, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1, cancelled.Token));
    }
}
