using Signing.Pdf;

namespace Signing.Core.Signing;

internal static class SignatureFieldNames
{
    /// <summary>"Signature1", "Signature2", … : the first name no existing field uses.</summary>
    public static string NextFree(IReadOnlyList<SignatureFieldInfo> existing)
    {
        var taken = existing.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        for (int i = existing.Count + 1; ; i++)
        {
            var name = $"Signature{i}";
            if (!taken.Contains(name))
            {
                return name;
            }
        }
    }
}
