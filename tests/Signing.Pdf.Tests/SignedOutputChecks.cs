using TestSupport;
using Signing.Abstractions;

namespace Signing.Pdf.Tests;

/// <summary>What every signed output must satisfy, checked with our reader and with qpdf and pdfinfo.</summary>
internal static class SignedOutputChecks
{
    public static void AssertSigned(byte[] original, byte[] output, PreparedPdfUpdate prepared, string fieldName)
    {
        Assert.True(output.AsSpan(0, original.Length).SequenceEqual(original), "the original bytes must be an exact prefix");
        Assert.Equal(original.Length, prepared.OriginalLength);

        var byteRange = prepared.ByteRange;
        Assert.Equal(0, byteRange[0]);
        Assert.Equal(original.Length + prepared.ContentsOffset - 1, byteRange[1]);
        Assert.Equal((byte)'<', output[byteRange[1]]);
        Assert.Equal((byte)'>', output[byteRange[2] - 1]);
        Assert.Equal(byteRange[1] + 2 + (2L * prepared.ContentsCapacity), byteRange[2]);
        Assert.Equal(output.Length, byteRange[2] + byteRange[3]);

        using (var stream = new MemoryStream(output, writable: false))
        using (var source = PdfDocumentSource.Open(stream))
        {
            var field = Assert.Single(source.SignatureFields, f => f.Name == fieldName);
            Assert.True(field.IsSigned);
            var signature = Assert.Single(source.ReadSignatures(), s => s.FieldName == fieldName);
            Assert.Equal(byteRange, signature.ByteRange);
            Assert.Equal(prepared.ContentsCapacity, signature.Contents.Length);
            Assert.Equal(TestSigning.DummyDer, signature.Contents[..TestSigning.DummyDer.Length]);
            Assert.All(signature.Contents[TestSigning.DummyDer.Length..], b => Assert.Equal(0, b));
            Assert.Equal(TestSigning.SigningTime, signature.SigningTime);
            Assert.Equal("Persetujuan (dokumen uji)", signature.Reason);
        }

        using var originalFile = TempPdf.Save(original);
        using var outputFile = TempPdf.Save(output);
        AssertQpdfFindsNothingNew(originalFile.Path, outputFile.Path);
        var info = ExternalTool.Run("pdfinfo", outputFile.Path);
        Assert.True(info.ExitCode == 0, $"pdfinfo failed: {info.StdErr}");
    }

    /// <summary>qpdf --check exits 0, or 3 with only warnings the original already had.</summary>
    public static void AssertQpdfFindsNothingNew(string originalPath, string outputPath)
    {
        var result = ExternalTool.Run("qpdf", "--check", outputPath);
        if (result.ExitCode == 0)
        {
            return;
        }

        Assert.True(result.ExitCode == 3, $"qpdf --check failed ({result.ExitCode}): {result.StdErr}{result.StdOut}");
        var before = Warnings(ExternalTool.Run("qpdf", "--check", originalPath), originalPath);
        var after = Warnings(result, outputPath);
        Assert.Empty(after.Except(before));
    }

    private static HashSet<string> Warnings(ToolResult result, string path) =>
        (result.StdErr + result.StdOut)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("WARNING", StringComparison.Ordinal))
            .Select(line => line.Replace(path, "FILE", StringComparison.Ordinal))
            .ToHashSet();
}
