namespace Signing.Pdf.Tests;

internal static class Fixtures
{
    public static string RealWorldDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures", "real-world");

    public static string BadDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures", "bad");

    public static TheoryData<string> RealWorld()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(RealWorldDirectory, "*.pdf").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    public static byte[] ReadRealWorld(string name) => File.ReadAllBytes(Path.Combine(RealWorldDirectory, name));

    public static byte[] ReadBad(string name) => File.ReadAllBytes(Path.Combine(BadDirectory, name));
}
