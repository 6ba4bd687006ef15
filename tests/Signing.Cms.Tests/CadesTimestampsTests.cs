using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Signing.Abstractions;
using Signing.Cms.Tsp;

namespace Signing.Cms.Tests;

[Collection(DevPkiCollection.Name)]
public sealed class CadesTimestampsTests(DevPkiFixture pki)
{
    [Fact]
    public async Task A_signature_timestamp_over_the_signature_value_keeps_the_signature_valid_for_us_and_OpenSSL()
    {
        using var services = new DevServices(pki);
        var content = TestSignatures.Content();
        var cms = await TestSignatures.SignDetachedAsync(pki.Signer("kadis"), content, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1);
        var token = await TimestampAsync(services, CadesTimestamps.SignatureValueOf(cms));

        var extended = CadesTimestamps.AddSignatureTimestamp(cms, token);

        var result = CmsSignatureVerifier.Verify(extended, TestSignatures.DigestOf(content), pki.Trust, pki.Now);
        Assert.True(result.IntegrityValid, result.Error);
        Assert.True(result.ChainTrusted, result.ChainError);
        Assert.True(result.HasSignatureTimestamp);
        var (exit, output) = OpenSsl.CmsVerify(extended, content, pki.Pki.RootCertificateFile);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task Everything_but_the_SignerInfo_and_the_enclosing_lengths_stays_byte_identical()
    {
        using var services = new DevServices(pki);
        var cms = await TestSignatures.SignDetachedAsync(pki.Signer("kabid"), TestSignatures.Content(), DigestAlgorithm.Sha384, SignatureScheme.Ecdsa);
        var token = await TimestampAsync(services, CadesTimestamps.SignatureValueOf(cms));

        var extended = CadesTimestamps.AddSignatureTimestamp(cms, token);

        var before = SignedData.GetInstance(ContentInfo.GetInstance(Asn1Object.FromByteArray(cms)).Content);
        var after = SignedData.GetInstance(ContentInfo.GetInstance(Asn1Object.FromByteArray(extended)).Content);
        Assert.Equal(before.Certificates.GetEncoded(), after.Certificates.GetEncoded());
        Assert.Equal(before.DigestAlgorithms.GetEncoded(), after.DigestAlgorithms.GetEncoded());
        var signerBefore = SignerInfo.GetInstance(before.SignerInfos[0]);
        var signerAfter = SignerInfo.GetInstance(after.SignerInfos[0]);
        Assert.Equal(signerBefore.SignedAttrs.GetEncoded(), signerAfter.SignedAttrs.GetEncoded());
        Assert.Equal(signerBefore.Signature.GetOctets(), signerAfter.Signature.GetOctets());
        // The SignerInfo gained exactly the [1] unsignedAttrs element: its old encoding minus the outer header is a prefix.
        var oldSigner = signerBefore.GetEncoded();
        var newSigner = signerAfter.GetEncoded();
        var oldBody = oldSigner.AsSpan(HeaderLength(oldSigner));
        Assert.True(newSigner.AsSpan(HeaderLength(newSigner)).StartsWith(oldBody));
        Assert.True(extended.AsSpan().IndexOf(token.Der) > 0, "the token is embedded byte for byte");
    }

    [Fact]
    public async Task The_embedded_token_reads_back_and_validates_against_the_signature_value_for_us_and_OpenSSL()
    {
        using var services = new DevServices(pki);
        var cms = await TestSignatures.SignDetachedAsync(pki.Signer("sekretaris"), TestSignatures.Content(), DigestAlgorithm.Sha256, SignatureScheme.RsaPss);
        var signatureValue = CadesTimestamps.SignatureValueOf(cms);
        var extended = CadesTimestamps.AddSignatureTimestamp(cms, await TimestampAsync(services, signatureValue));

        var read = CadesTimestamps.ReadSignatureTimestamp(extended);

        Assert.NotNull(read);
        Assert.Null(CadesTimestamps.ReadSignatureTimestamp(cms));
        Assert.Equal(signatureValue, CadesTimestamps.SignatureValueOf(extended));
        var validation = read.ValidateData(signatureValue, pki.Trust);
        Assert.True(validation.IsValid, validation.Error);
        using var files = new OpenSsl.TempFiles();
        var (exit, output) = OpenSsl.Run("ts", "-verify", "-token_in", "-in", files.Write("tst.der", read.Der),
            "-data", files.Write("sig.bin", signatureValue), "-CAfile", pki.Pki.RootCertificateFile,
            "-untrusted", pki.Pki.IssuingCertificateFile);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task A_token_over_anything_but_this_signature_value_is_refused()
    {
        using var services = new DevServices(pki);
        var cms = await TestSignatures.SignDetachedAsync(pki.Signer("kadis"), TestSignatures.Content(), DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1);
        var token = await TimestampAsync(services, TestSignatures.Content(256, seed: 3));

        var error = Assert.Throws<ArgumentException>(() => CadesTimestamps.AddSignatureTimestamp(cms, token));

        Assert.Contains("does not time-stamp this signature", error.Message);
    }

    [Fact]
    public async Task A_second_timestamp_is_appended_after_the_first_and_both_read_back_in_order()
    {
        using var services = new DevServices(pki);
        var cms = await TestSignatures.SignDetachedAsync(pki.Signer("eseal"), TestSignatures.Content(), DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1);
        var value = CadesTimestamps.SignatureValueOf(cms);
        var first = await TimestampAsync(services, value);
        var second = await TimestampAsync(services, value);

        var twice = CadesTimestamps.AddSignatureTimestamp(CadesTimestamps.AddSignatureTimestamp(cms, first), second);

        Assert.Equal([first.Der, second.Der], CadesTimestamps.ReadSignatureTimestampDers(twice));
        Assert.Equal(first.SerialHex, CadesTimestamps.ReadSignatureTimestamp(twice)!.SerialHex);
    }

    [Fact]
    public async Task The_zero_padding_of_a_PDF_Contents_is_ignored_but_other_trailing_bytes_are_not()
    {
        var cms = await TestSignatures.SignDetachedAsync(pki.Signer("kadis"), TestSignatures.Content(), DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1);
        var padded = cms.Concat(new byte[4096]).ToArray();
        var junk = cms.Concat(new byte[] { 0, 0, 7 }).ToArray();

        Assert.Equal(CadesTimestamps.SignatureValueOf(cms), CadesTimestamps.SignatureValueOf(padded));
        Assert.Throws<ArgumentException>(() => CadesTimestamps.SignatureValueOf(junk));
        Assert.Throws<ArgumentException>(() => CadesTimestamps.SignatureValueOf([0x30, 0x03, 0x06, 0x01, 0x00]));
    }

    private static async Task<TimestampToken> TimestampAsync(DevServices services, byte[] data)
    {
        var client = new TimestampClient(services.Http, new TimestampClientOptions { Url = DevServices.TsaUrl });
        return await client.RequestAsync(CmsAlgorithms.Hash(DigestAlgorithm.Sha256, data), DigestAlgorithm.Sha256, CancellationToken.None);
    }

    /// <summary>Tag plus length octets of a DER TLV (X.690 §8.1.3).</summary>
    private static int HeaderLength(byte[] tlv) => (tlv[1] & 0x80) == 0 ? 2 : 2 + (tlv[1] & 0x7f);
}
