using Signing.Abstractions;

namespace Signing.Pkcs11.Tests;

/// <summary>What the caller sees when the PIN, the token or the key is wrong.</summary>
[Collection(SoftHsmCollection.Name)]
public sealed class TokenAccessTests(SoftHsmFixture hsm)
{
    [Fact]
    public void A_wrong_PIN_is_reported_as_pin_incorrect_naming_the_token_but_never_the_PIN()
    {
        var error = Assert.Throws<KeyAccessException>(() => hsm.Module.ListKeys(SoftHsmFixture.WrongPinToken, "987654"));

        Assert.Equal(ErrorCodes.PinIncorrect, error.Code);
        Assert.Contains("'wrong-pin'", error.Message);
        Assert.Contains(SoftHsmEnvironment.ModulePath, error.Message);
        Assert.DoesNotContain("987654", error.Message);
    }

    [Fact]
    public void SoftHSM_never_locks_the_PIN_it_only_flags_the_count_as_low_until_the_right_PIN_is_given()
    {
        // SoftHSM 2.6 has no retry counter: pin-locked is covered by the CKR mapping tests instead.
        for (var i = 0; i < 12; i++)
        {
            var error = Assert.Throws<KeyAccessException>(() => hsm.Module.ListKeys(SoftHsmFixture.WrongPinToken, "000000"));
            Assert.Equal(ErrorCodes.PinIncorrect, error.Code);
        }

        Assert.True(Token(SoftHsmFixture.WrongPinToken).PinCountLow);
        Assert.False(Token(SoftHsmFixture.WrongPinToken).PinLocked);

        var keys = hsm.Module.ListKeys(SoftHsmFixture.WrongPinToken, SoftHsmEnvironment.UserPin);

        Assert.Equal("sign", Assert.Single(keys).Label);
        Assert.False(Token(SoftHsmFixture.WrongPinToken).PinCountLow);
    }

    [Fact]
    public void An_empty_PIN_is_pin_required_and_is_not_spent_as_a_try()
    {
        var error = Assert.Throws<KeyAccessException>(() => hsm.Module.OpenSigner(hsm.RsaKey, ""));

        Assert.Equal(ErrorCodes.PinRequired, error.Code);
    }

    [Fact]
    public async Task Joining_an_open_login_with_a_different_PIN_is_refused_and_the_open_signer_keeps_working()
    {
        using var first = hsm.OpenSigner(hsm.RsaKey);

        var error = Assert.Throws<KeyAccessException>(() => hsm.Module.OpenSigner(hsm.EcKey, "111111"));

        Assert.Equal(ErrorCodes.PinIncorrect, error.Code);
        Assert.NotEmpty(await first.SignAsync(new byte[] { 1, 2, 3 }, DigestAlgorithm.Sha256, SignatureScheme.RsaPkcs1));
    }

    [Fact]
    public void An_unknown_token_label_is_token_not_present()
    {
        var error = Assert.Throws<KeyAccessException>(
            () => hsm.Module.OpenSigner(hsm.RsaKey with { TokenLabel = "no-such-token" }, SoftHsmEnvironment.UserPin));

        Assert.Equal(ErrorCodes.TokenNotPresent, error.Code);
        Assert.Contains("no-such-token", error.Message);
    }

    [Fact]
    public void A_token_can_be_selected_by_serial_number_alone()
    {
        var serial = Token(SoftHsmFixture.SigningToken).Serial;

        using var signer = hsm.Module.OpenSigner(hsm.RsaKey with { TokenLabel = null, TokenSerial = serial }, SoftHsmEnvironment.UserPin);

        Assert.Equal(SoftHsmFixture.SigningToken, signer.TokenLabel);
    }

    [Theory]
    [InlineData("no-such-key", null)]
    [InlineData(null, "ff")]
    [InlineData("rsa", "02")] // label and id both given must both match
    public void A_key_that_is_not_on_the_token_is_key_not_found(string? keyLabel, string? keyIdHex)
    {
        var error = Assert.Throws<KeyAccessException>(
            () => hsm.Module.OpenSigner(hsm.RsaKey with { KeyLabel = keyLabel, KeyIdHex = keyIdHex }, SoftHsmEnvironment.UserPin));

        Assert.Equal(ErrorCodes.KeyNotFound, error.Code);
    }

    [Fact]
    public void A_module_that_cannot_be_loaded_is_module_load_failed_naming_the_path()
    {
        var error = Assert.Throws<KeyAccessException>(() => Pkcs11Module.Load("/nonexistent/libno-such-pkcs11.so"));

        Assert.Equal(ErrorCodes.ModuleLoadFailed, error.Code);
        Assert.Contains("/nonexistent/libno-such-pkcs11.so", error.Message);
    }

    [Fact]
    public void Loading_the_same_module_twice_reuses_the_loaded_library()
    {
        using var again = Pkcs11Module.Load(SoftHsmEnvironment.ModulePath);

        Assert.Contains(again.ListTokens(), t => t.Label == SoftHsmFixture.SigningToken);
    }

    [Fact]
    public void SoftHSM_does_not_see_a_token_initialised_after_the_module_was_loaded()
    {
        // SoftHSM scans its token directory once, in C_Initialize: provision before the service starts.
        SoftHsmEnvironment.Run("softhsm2-util", "--init-token", "--free", "--label", "late-arrival",
            "--pin", SoftHsmEnvironment.UserPin, "--so-pin", SoftHsmEnvironment.SoPin);

        Assert.DoesNotContain(hsm.Module.ListTokens(), t => t.Label == "late-arrival");
        var error = Assert.Throws<KeyAccessException>(() => hsm.Module.ListKeys("late-arrival", SoftHsmEnvironment.UserPin));
        Assert.Equal(ErrorCodes.TokenNotPresent, error.Code);
    }

    private Pkcs11TokenInfo Token(string label) => hsm.Module.ListTokens().Single(t => t.Label == label);
}
