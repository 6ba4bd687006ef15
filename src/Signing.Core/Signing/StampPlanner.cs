using Signing.Abstractions;
using Signing.Cms;
using Signing.Pdf;
using Signing.Stamps;

namespace Signing.Core.Signing;

/// <summary>Turns a <see cref="SignatureVisual"/> into a widget: where on which page, and its appearance.</summary>
internal static class StampPlanner
{
    public static SignatureWidget Plan(
        PdfDocumentSource source, SignatureVisual visual, CertificateSummary subject, DateTimeOffset signingTime)
    {
        var (page, displayRect) = Place(source, visual.Placement);
        var userRect = StampLayout.DisplayToUserSpace(page, displayRect);
        var content = new StampContent
        {
            QrUrl = visual.QrUrl,
            SignerName = visual.SignerName ?? subject.CommonName,
            Position = visual.Position ?? subject.Title,
            OnBehalfOf = visual.OnBehalfOf,
            Organisation = visual.Organisation ?? subject.OrganizationalUnit ?? subject.Organization,
            SignedAt = signingTime,
            Zone = visual.Zone,
            ShortUrl = visual.ShortUrl,
            Footer = visual.Footer,
        };
        var appearance = StampRenderer.Render(content, displayRect.Width, displayRect.Height);
        return new SignatureWidget(page.PageNumber, userRect, appearance);
    }

    private static (PageGeometry Page, PdfRect DisplayRect) Place(PdfDocumentSource source, StampPlacement placement)
    {
        var (defaultWidth, defaultHeight) = StampRenderer.DefaultSize;
        switch (placement)
        {
            case StampPlacement.OnPage onPage:
            {
                var page = source.GetPage(onPage.PageNumber);
                return (page, StampLayout.ResolveDisplayRect(page, onPage.DisplayRect));
            }
            case StampPlacement.AtAnchor anchor:
            {
                var matches = source.FindText(anchor.Text);
                if (anchor.Occurrence < 1 || matches.Count < anchor.Occurrence)
                {
                    throw new StampPlacementException(
                        ErrorCodes.AnchorNotFound,
                        matches.Count == 0
                            ? $"The anchor text '{anchor.Text}' does not occur in the document's text."
                            : $"The anchor text '{anchor.Text}' occurs {matches.Count} time(s); occurrence {anchor.Occurrence} was asked for.");
                }
                var match = matches[anchor.Occurrence - 1];
                var page = source.GetPage(match.PageNumber);
                return (page, StampLayout.AnchorDisplayRect(
                    page, match.Bounds, anchor.Width ?? defaultWidth, anchor.Height ?? defaultHeight));
            }
            case StampPlacement.Default fallback:
            {
                var page = source.GetPage(source.PageCount);
                return (page, StampLayout.DefaultDisplayRect(
                    page, fallback.Width ?? defaultWidth, fallback.Height ?? defaultHeight));
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(placement), placement, "Unknown stamp placement.");
        }
    }
}
