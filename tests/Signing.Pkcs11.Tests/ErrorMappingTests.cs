using Net.Pkcs11Interop.Common;
using Signing.Abstractions;

namespace Signing.Pkcs11.Tests;

/// <summary>
/// CKR → error code, for the return values SoftHSM cannot be made to produce (it never locks a PIN and
/// its tokens cannot be pulled out).
/// </summary>
public sealed class ErrorMappingTests
{
    private const string Module = "/opt/vendor/libvendor-pkcs11.so";

    [Fact]
    public void A_locked_PIN_tells_the_user_the_security_officer_must_unlock_it()
    {
        var error = Pkcs11Errors.FromCkr(CKR.CKR_PIN_LOCKED, Module, "kadis-token");

        Assert.Equal(ErrorCodes.PinLocked, error.Code);
        Assert.Equal(0, error.TriesLeft);
        Assert.Contains("the token's user PIN is locked; the security officer must unlock it", error.Message);
        Assert.Contains("'kadis-token'", error.Message);
        Assert.Contains(Module, error.Message);
    }

    [Fact]
    public void A_wrong_PIN_on_the_final_try_says_one_try_is_left()
    {
        var error = Pkcs11Errors.FromCkr(CKR.CKR_PIN_INCORRECT, Module, "t", new PinStatus(Locked: false, FinalTry: true, CountLow: true));

        Assert.Equal(ErrorCodes.PinIncorrect, error.Code);
        Assert.Equal(1, error.TriesLeft);
        Assert.Contains("One try is left", error.Message);
    }

    [Fact]
    public void A_wrong_PIN_that_used_up_the_last_try_is_reported_as_locked()
    {
        var error = Pkcs11Errors.FromCkr(CKR.CKR_PIN_INCORRECT, Module, "t", new PinStatus(Locked: true, FinalTry: false, CountLow: false));

        Assert.Equal(ErrorCodes.PinLocked, error.Code);
        Assert.Equal(0, error.TriesLeft);
    }

    [Fact]
    public void A_wrong_PIN_with_no_flags_leaves_the_tries_unknown()
    {
        var error = Pkcs11Errors.FromCkr(CKR.CKR_PIN_INCORRECT, Module, "t", new PinStatus(false, false, false));

        Assert.Equal(ErrorCodes.PinIncorrect, error.Code);
        Assert.Null(error.TriesLeft);
    }

    [Theory]
    [InlineData(CKR.CKR_PIN_LEN_RANGE, ErrorCodes.PinIncorrect)]
    [InlineData(CKR.CKR_PIN_INVALID, ErrorCodes.PinIncorrect)]
    [InlineData(CKR.CKR_USER_NOT_LOGGED_IN, ErrorCodes.PinRequired)]
    [InlineData(CKR.CKR_TOKEN_NOT_PRESENT, ErrorCodes.TokenNotPresent)]
    [InlineData(CKR.CKR_DEVICE_REMOVED, ErrorCodes.TokenNotPresent)]
    [InlineData(CKR.CKR_MECHANISM_INVALID, ErrorCodes.MechanismNotSupported)]
    [InlineData(CKR.CKR_MECHANISM_PARAM_INVALID, ErrorCodes.MechanismNotSupported)]
    [InlineData(CKR.CKR_KEY_HANDLE_INVALID, ErrorCodes.KeyNotFound)]
    [InlineData(CKR.CKR_DEVICE_ERROR, ErrorCodes.TokenUnavailable)]
    [InlineData(CKR.CKR_GENERAL_ERROR, ErrorCodes.TokenUnavailable)]
    public void Each_return_value_maps_to_its_stable_code(CKR rv, string code)
    {
        Assert.Equal(code, Pkcs11Errors.FromCkr(rv, Module, "t").Code);
    }

    [Fact]
    public void Other_failures_name_the_CKR_and_the_function_that_returned_it()
    {
        var error = Pkcs11Errors.FromCkr(CKR.CKR_DEVICE_MEMORY, Module, "t", function: "C_Sign");

        Assert.Equal(ErrorCodes.TokenUnavailable, error.Code);
        Assert.Contains("CKR_DEVICE_MEMORY from C_Sign", error.Message);
    }
}
