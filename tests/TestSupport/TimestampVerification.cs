namespace TestSupport;

/// <summary>
/// <c>openssl ts -verify</c> of an RFC 3161 token over given data, trusting the dev root: the independent
/// check for signature time-stamps and document time-stamps (poppler 22.12 and MuPDF do not verify the
/// latter).
/// </summary>
public static class TimestampVerification
{
    public static ToolResult OpensslTsVerify(byte[] token, byte[] data)
    {
        using var temp = new TempDir();
        File.WriteAllBytes(temp.File("token.der"), token);
        File.WriteAllBytes(temp.File("data.bin"), data);
        return ExternalTool.Run("openssl", ["ts", "-verify", "-token_in", "-in", temp.File("token.der"), "-data", temp.File("data.bin"),
            "-CAfile", RepoPaths.DevRoot, "-untrusted", Path.Combine(RepoPaths.CertsDev, "issuing-ca.pem")]);
    }

    /// <summary>The bytes a signature's ByteRange covers (located by regex, independently of our reader).</summary>
    public static byte[] SignedBytes(string pdf, int signatureIndex) => IndependentValidators.ByteRangeContent(pdf, signatureIndex).Signed;

    public static byte[] ContentsDer(string pdf, int signatureIndex) => IndependentValidators.ByteRangeContent(pdf, signatureIndex).Der;
}
