using Org.BouncyCastle.Cms;
using Signing.Abstractions;
using Signing.Cms.Tsp;

namespace Signing.Cms.Tests;

[Collection(DevPkiCollection.Name)]
public sealed class TimestampTokenTests(DevPkiFixture pki)
{
    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 })]
    [InlineData(new byte[] { 0x68, 0x65, 0x6c, 0x6c, 0x6f })]
    public void Bytes_that_are_no_token_are_unparsed_for_the_verifier_and_tsa_response_invalid_for_Parse(byte[] garbage)
    {
        var validation = TimestampToken.Validate(garbage, _ => throw new InvalidOperationException("not reached"));
        var error = Assert.Throws<SigningException>(() => TimestampToken.Parse(garbage));

        Assert.False(validation.Parsed);
        Assert.False(validation.IsValid);
        Assert.NotNull(validation.Error);
        Assert.Equal(LtvErrorCodes.TsaResponseInvalid, error.Code);
    }

    [Fact]
    public async Task A_CMS_signature_by_an_official_is_not_a_time_stamp_token()
    {
        var content = TestSignatures.Content();
        var cms = await TestSignatures.SignDetachedAsync(pki.Signer("kadis"), content, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1);

        Assert.False(TimestampToken.TryParse(cms, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public async Task A_token_checked_against_other_data_has_a_mismatched_imprint_but_a_sound_signature()
    {
        var token = await TokenOverAsync([1, 2, 3]);

        var validation = token.ValidateData(new byte[] { 1, 2, 4 }, pki.Trust);

        Assert.False(validation.IsValid);
        Assert.False(validation.ImprintMatches);
        Assert.True(validation.SignatureValid);
        Assert.True(validation.TsaCertificateValid);
        Assert.True(validation.ChainTrusted);
        Assert.Contains("message imprint", validation.Error);
    }

    [Fact]
    public async Task A_flipped_bit_in_the_TSA_signature_is_caught_without_throwing()
    {
        var token = await TokenOverAsync([9, 9, 9]);
        var signature = new CmsSignedData(token.Der).GetSignerInfos().GetSigners()[0].GetSignature();
        var tampered = (byte[])token.Der.Clone();
        var at = tampered.AsSpan().IndexOf(signature);
        tampered[at + 10] ^= 0x01;

        var validation = TimestampToken.Validate(tampered, d => CmsAlgorithms.Hash(d, [9, 9, 9]), pki.Trust);

        Assert.True(validation.Parsed);
        Assert.True(validation.ImprintMatches);
        Assert.False(validation.SignatureValid);
        Assert.False(validation.IsValid);
    }

    [Fact]
    public async Task A_token_from_a_TSA_outside_the_trust_store_is_sound_but_untrusted()
    {
        var token = await TokenOverAsync([4, 5, 6]);
        var strangers = TrustStore.FromCertificates([Ltv.CertificateOf(pki, "kadis")]);

        var trusted = token.ValidateData(new byte[] { 4, 5, 6 }, pki.Trust);
        var untrusted = token.ValidateData(new byte[] { 4, 5, 6 }, strangers);
        var unchecked_ = token.ValidateData(new byte[] { 4, 5, 6 });

        Assert.True(trusted.IsValid, trusted.Error);
        Assert.False(untrusted.IsValid);
        Assert.True(untrusted.SignatureValid);
        Assert.False(untrusted.ChainTrusted);
        Assert.True(unchecked_.IsValid);
        Assert.False(unchecked_.ChainChecked);
    }

    [Fact]
    public void Only_a_certificate_whose_sole_critical_EKU_is_timeStamping_may_sign_tokens()
    {
        Assert.Null(TimestampToken.TsaCertificateProblem(Ltv.CertificateOf(pki, "tsa")));
        Assert.Contains("not critical", TimestampToken.TsaCertificateProblem(Ltv.CertificateOf(pki, "ocsp")));
        Assert.Contains("Budi Santoso", TimestampToken.TsaCertificateProblem(Ltv.CertificateOf(pki, "kadis")));
        Assert.Contains("no extended key usage", TimestampToken.TsaCertificateProblem(pki.IssuingDer));
    }

    [Fact]
    public async Task Parse_reads_back_what_the_client_returned()
    {
        var token = await TokenOverAsync([7]);

        var parsed = TimestampToken.Parse(token.Der);

        Assert.Equal(token.GenTime, parsed.GenTime);
        Assert.Equal(token.SerialHex, parsed.SerialHex);
        Assert.Equal(token.NonceHex, parsed.NonceHex);
        Assert.Equal(token.TsaCertificate, parsed.TsaCertificate);
        Assert.Equal(2, parsed.Certificates.Count);
    }

    private async Task<TimestampToken> TokenOverAsync(byte[] data)
    {
        using var services = new DevServices(pki);
        var client = new TimestampClient(services.Http, new TimestampClientOptions { Url = DevServices.TsaUrl });
        return await client.RequestAsync(CmsAlgorithms.Hash(DigestAlgorithm.Sha256, data), DigestAlgorithm.Sha256, CancellationToken.None);
    }
}
