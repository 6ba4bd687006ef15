namespace TestSupport;

/// <summary>An NSS database for pdfsig that trusts only the dev root (made once per test process).</summary>
public static class NssDatabase
{
    private static readonly Lazy<string> Db = new(Create);

    public static string Path => Db.Value;

    private static string Create()
    {
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "signing-tests", "nss-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        Check(ExternalTool.Run("certutil", "-N", "-d", "sql:" + dir, "--empty-password"));
        Check(ExternalTool.Run("certutil", "-A", "-d", "sql:" + dir, "-n", "signingservice-dev-root", "-t", "CT,C,C", "-i", RepoPaths.DevRoot));
        return "sql:" + dir;
    }

    private static void Check(ToolResult result)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("certutil failed: " + result.All);
        }
    }
}
