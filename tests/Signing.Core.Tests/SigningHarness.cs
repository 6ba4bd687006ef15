using Signing.Abstractions;
using Signing.Core.Signing;
using TestSupport;

namespace Signing.Core.Tests;

/// <summary>Signs a file to a new file through the three phases, as the CLI and the service do.</summary>
public static class SigningHarness
{
    // Inside the dev certificates' validity (generated 2026-11-22, five years).
    public static readonly DateTimeOffset FixedTime = new(2027, 1, 15, 2, 0, 0, TimeSpan.Zero);

    public static SignedDocument Sign(string input, string output, IRawSigner signer, SignRequest request)
    {
        using var source = File.OpenRead(input);
        var pdfSigner = new PdfSigner();
        var prepared = pdfSigner.Prepare(source, SignerIdentity.Of(signer), request);
        var value = PdfSigner.SignAsync(prepared, signer).AsTask().GetAwaiter().GetResult();
        using var target = File.Create(output);
        return PdfSigner.Embed(prepared, value, source, target);
    }

    public static SignRequest Visible(string qrUrl = "https://verifikasi.example.go.id/v/ABCDEFGHIJKLMNOPQRSTUVWXYZ") => new()
    {
        Reason = "Penerbitan izin",
        Location = "Malang",
        Visual = new SignatureVisual { QrUrl = qrUrl },
    };

    public static SignRequest Invisible() => new() { Reason = "Paraf" };
}
