using System.Security.Cryptography;
using Signing.Abstractions;

namespace Signing.Pkcs11.Tests;

/// <summary>The ASN.1 the token does not do for us, checked against the BCL's own encoders.</summary>
public sealed class EncodingTests
{
    [Fact]
    public void Raw_r_and_s_become_the_DER_sequence_the_BCL_verifies_including_high_bit_and_short_values()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        for (var i = 0; i < 64; i++)
        {
            var data = RandomNumberGenerator.GetBytes(40);
            var raw = key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

            var der = TokenSigning.EcdsaRawToDer(raw, 32);

            Assert.True(key.VerifyData(data, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }

        // r with the top bit set needs a 0x00 pad; s with leading zeros must be shortened.
        var edge = new byte[64];
        edge[0] = 0x80;
        edge[63] = 0x01;
        var expected = "3026" + "022100" + "80" + string.Concat(Enumerable.Repeat("00", 31)) + "020101";
        Assert.Equal(Convert.FromHexString(expected), TokenSigning.EcdsaRawToDer(edge, 32));
    }

    [Fact]
    public void A_raw_ECDSA_signature_of_the_wrong_size_is_rejected()
    {
        Assert.Throws<CryptographicException>(() => TokenSigning.EcdsaRawToDer(new byte[63], 32));
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256, "3031300d060960864801650304020105000420")]
    [InlineData(DigestAlgorithm.Sha384, "3041300d060960864801650304020205000430")]
    [InlineData(DigestAlgorithm.Sha512, "3051300d060960864801650304020305000440")]
    public void DigestInfo_has_the_RFC_8017_prefix(DigestAlgorithm digest, string prefixHex)
    {
        var hash = TokenSigning.Hash(digest, "abc"u8);

        Assert.Equal(Convert.FromHexString(prefixHex).Concat(hash), TokenSigning.DigestInfo(digest, hash));
    }

    [Fact]
    public void A_DER_wrapped_EC_point_and_a_raw_one_both_unwrap_to_the_raw_point()
    {
        var raw = new byte[65];
        raw[0] = 0x04;
        raw[1] = 0x41; // looks like a DER length byte, but the size says raw
        var wrapped = new byte[] { 0x04, 0x41 }.Concat(raw).ToArray();

        Assert.Equal(raw, TokenKey.UnwrapEcPoint(raw, 32));
        Assert.Equal(raw, TokenKey.UnwrapEcPoint(wrapped, 32));
    }
}
