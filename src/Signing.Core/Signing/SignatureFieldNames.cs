using Signing.Pdf;

namespace Signing.Core.Signing;

internal static class SignatureFieldNames
{
    /// <summary>"Signature1", "Signature2", … (or another prefix): the first name no existing field uses.</summary>
    public static string NextFree(IReadOnlyList<SignatureFieldInfo> existing, string prefix = "Signature")
    {
        var taken = existing.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        for (int i = 1; ; i++)
        {
            var name = $"{prefix}{i}";
            if (!taken.Contains(name))
            {
                return name;
            }
        }
    }
}
