using Microsoft.Extensions.Options;
using Signing.Abstractions;
using Signing.Core.Ltv;
using Signing.Core.Signing;
using Signing.Stamps;
using SigningService.Domain;
using SigningService.Options;

namespace SigningService.Signing;

/// <summary>Turns a document's instructions into the engine's <see cref="SignRequest"/>: level, QR stamp and its place.</summary>
public sealed class StampRequests(IOptions<VerificationOptions> verification)
{
    public string VerifyUrl(Document document) => VerifyUrl(document.PublicId);

    public string VerifyUrl(string publicId) => $"{verification.Value.PublicBaseUrl.TrimEnd('/')}/v/{publicId}";

    /// <param name="position">Jabatan as printed when it is not the signatory's own, e.g. "Plh. Kepala Dinas".</param>
    /// <param name="onBehalfOf">The "a.n." line above the jabatan, e.g. "a.n. Kepala Dinas".</param>
    public SignRequest For(
        Document document, DocumentType type, Signatory signatory, Opd opd, DateTimeOffset? signingTime = null,
        string? position = null, string? onBehalfOf = null)
    {
        var instructions = document.Instructions;
        return new SignRequest
        {
            Level = SignatureLevels.Parse(instructions.Level),
            Reason = $"{type.Name} {document.Facts.Number}".Trim(),
            Location = opd.Name,
            SigningTime = signingTime,
            Visual = instructions.Invisible
                ? null
                : new SignatureVisual
                {
                    QrUrl = VerifyUrl(document),
                    Placement = Placement(instructions, type),
                    SignerName = signatory.Name,
                    Position = position ?? signatory.Position,
                    OnBehalfOf = onBehalfOf,
                    Organisation = opd.Name,
                },
        };
    }

    /// <summary>Rectangle in points on the displayed page (origin bottom-left), else an anchor, else the type's anchor, else the default corner.</summary>
    public static StampPlacement Placement(SigningInstructions instructions, DocumentType type)
    {
        if (instructions.Rect is { Length: 4 } r)
        {
            return new StampPlacement.OnPage(instructions.Page ?? 1, new PdfRect(r[0], r[1], r[0] + r[2], r[1] + r[3]));
        }
        if (!string.IsNullOrEmpty(instructions.Anchor))
        {
            return new StampPlacement.AtAnchor(instructions.Anchor);
        }
        return string.IsNullOrEmpty(type.DefaultAnchor)
            ? new StampPlacement.Default()
            : new StampPlacement.AtAnchor(type.DefaultAnchor);
    }
}
