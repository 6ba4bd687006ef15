using TestSupport;

namespace Signing.Cms.Tests;

/// <summary>Runs the openssl command line, the independent second opinion on everything we produce.</summary>
internal static class OpenSsl
{
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var result = ExternalTool.Run("openssl", args);
        return (result.ExitCode, result.All);
    }

    /// <summary>Temp files for one openssl call, deleted afterwards.</summary>
    public sealed class TempFiles : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("signing-cms-openssl-").FullName;

        public string Write(string name, byte[] content)
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllBytes(path, content);
            return path;
        }

        public string PathOf(string name) => Path.Combine(_dir, name);

        public void Dispose() => Directory.Delete(_dir, recursive: true);
    }

    /// <summary>`openssl cms -verify` of a detached DER SignedData against its content.</summary>
    public static (int ExitCode, string Output) CmsVerify(byte[] cms, byte[] content, string caFile)
    {
        using var files = new TempFiles();
        return Run("cms", "-verify", "-binary", "-inform", "DER",
            "-in", files.Write("sig.der", cms),
            "-content", files.Write("data.bin", content),
            "-CAfile", caFile, "-purpose", "any",
            "-out", files.PathOf("out.bin"));
    }
}
