using Signing.Abstractions;

namespace Signing.Core.Validation;

/// <summary>/Contents holds the CMS followed by zero padding (ISO 32000-1 §12.8.1): cut the padding off.</summary>
internal static class DerTrim
{
    public static byte[] TrimPadding(byte[] contents) =>
        BerLength.OfFirstValue(contents) is { } length ? contents[..length] : contents;
}
