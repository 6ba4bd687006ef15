using System.Globalization;
using System.Text;
using QRCoder;

namespace SigningService.Web;

/// <summary>
/// A QR code as inline SVG markup (one path of unit squares on a white square), for the authenticator key on the
/// enrolment page. Inline and attribute-only, so the page's content security policy needs no exception for it.
/// </summary>
public static class QrSvg
{
    public static string Render(string text, string label)
    {
        using var generator = new QRCodeGenerator();
        var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M); // includes the 4-module quiet zone
        var size = data.ModuleMatrix.Count;
        var path = new StringBuilder();
        for (var row = 0; row < size; row++)
        {
            for (var column = 0; column < size;)
            {
                if (!data.ModuleMatrix[row][column])
                {
                    column++;
                    continue;
                }
                var start = column;
                while (column < size && data.ModuleMatrix[row][column])
                    column++;
                path.Append(CultureInfo.InvariantCulture, $"M{start} {row}h{column - start}v1h-{column - start}z");
            }
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"{System.Net.WebUtility.HtmlEncode(label)}\" " +
            $"shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>");
    }
}
