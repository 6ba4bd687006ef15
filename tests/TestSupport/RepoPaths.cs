namespace TestSupport;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();
    public static string CertsDev => Path.Combine(Root, "certs-dev");
    public static string RealWorldFixtures => Path.Combine(Root, "tests", "fixtures", "real-world");
    public static string BadFixtures => Path.Combine(Root, "tests", "fixtures", "bad");
    public static string DevRoot => Path.Combine(CertsDev, "root-ca.pem");
    public static string DevChain => Path.Combine(CertsDev, "chain.pem");

    /// <summary>The real-world PDFs (see tests/fixtures/real-world/SOURCES.md), by file name.</summary>
    public static IEnumerable<string> RealWorldPdfs() =>
        Directory.EnumerateFiles(RealWorldFixtures, "*.pdf").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static string RealWorld(string name) => Path.Combine(RealWorldFixtures, name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SigningService.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Cannot find the repository root (SigningService.sln) above " + AppContext.BaseDirectory);
    }
}
