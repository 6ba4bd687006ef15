namespace TestSupport;

/// <summary>
/// Signs with poppler's <c>pdfsig -add-signature</c> (NSS), so tests get PDFs signed by a tool that is not
/// ours: real incremental-update input for a second signature. Its NSS database holds the dev
/// identity's key; validation uses <see cref="NssDatabase"/>, which trusts only the dev root.
/// </summary>
public static class PopplerSigner
{
    private static readonly Lazy<string> Db = new(Create);

    public static void Sign(string input, string output, string fieldName)
    {
        var result = ExternalTool.Run("pdfsig", ["-add-signature", "-nssdir", Db.Value, "-nick", DevIdentities.Sekretaris.Name,
            "-kpw", "", "-new-signature-field-name", fieldName, "-reason", "Paraf", input, output]);
        if (result.ExitCode != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException("pdfsig -add-signature failed: " + result.All);
        }
    }

    private static string Create()
    {
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "signing-tests", "nss-signer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        Run("certutil", "-N", "-d", "sql:" + dir, "--empty-password");
        Run("pk12util", "-i", DevIdentities.Sekretaris.Pkcs12Path, "-d", "sql:" + dir, "-W", DevIdentity.Pin, "-K", "");
        return "sql:" + dir;
    }

    private static void Run(string tool, params string[] args)
    {
        var result = ExternalTool.Run(tool, args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed: {result.All}");
        }
    }
}
