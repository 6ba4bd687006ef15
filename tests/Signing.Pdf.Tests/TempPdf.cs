namespace Signing.Pdf.Tests;

/// <summary>Bytes written to a temporary .pdf for the poppler, qpdf and MuPDF tools; deleted when disposed.</summary>
internal sealed class TempPdf : IDisposable
{
    public TempPdf(byte[] bytes)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"signing-pdf-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(Path, bytes);
    }

    public string Path { get; }

    public static TempPdf Save(byte[] bytes) => new(bytes);

    public void Dispose() => File.Delete(Path);
}
