using System.CommandLine;
using System.Globalization;
using Signing.Abstractions;
using Signing.Core.Signing;
using Signing.Stamps;

namespace SigningCli.Commands;

/// <summary>How the signature looks and what it says; shared by single-file and batch signing.</summary>
internal sealed class SignOptions
{
    public Option<bool> Invisible { get; } = new("--invisible") { Description = "No visible stamp" };
    public Option<int?> Page { get; } = new("--page") { Description = "Page for the stamp (1-based; with --rect)" };
    public Option<string?> Rect { get; } = new("--rect") { Description = "X1,Y1,X2,Y2 in PDF points, origin bottom-left of the page as displayed" };
    public Option<string?> Anchor { get; } = new("--anchor") { Description = "Text in the document where the stamp goes, e.g. ${ttd_kadis} or #" };
    public Option<string?> QrUrl { get; } = new("--qr-url") { Description = "Verification URL encoded in the QR code" };
    public Option<string?> Field { get; } = new("--field") { Description = "Signature field name (default: a new unique name)" };
    public Option<string?> Reason { get; } = new("--reason") { Description = "Reason (/Reason)" };
    public Option<string?> Location { get; } = new("--location") { Description = "Location (/Location)" };
    public Option<string?> SignerName { get; } = new("--signer-name") { Description = "Name on the stamp (default: certificate CN)" };
    public Option<string?> Position { get; } = new("--position") { Description = "Jabatan on the stamp (default: certificate title)" };
    public Option<string?> OnBehalfOf { get; } = new("--on-behalf-of") { Description = "An 'a.n.' line, e.g. \"a.n. Wali Kota Malang\"" };
    public Option<string?> Organisation { get; } = new("--organisation") { Description = "OPD on the stamp (default: certificate OU)" };
    public Option<string> Zone { get; } = new("--zone") { Description = "WIB, WITA or WIT", DefaultValueFactory = _ => "WIB" };
    public Option<string?> Footer { get; } = new("--footer") { Description = "Footer sentence under the stamp" };
    public Option<string> Digest { get; } = new("--digest") { Description = "sha256, sha384 or sha512", DefaultValueFactory = _ => "sha256" };
    public Option<bool> Pss { get; } = new("--pss") { Description = "RSA-PSS instead of PKCS#1 v1.5 (RSA keys)" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[]
                 {
                     Invisible, Page, Rect, Anchor, QrUrl, Field, Reason, Location, SignerName, Position,
                     OnBehalfOf, Organisation, Zone, Footer, Digest, Pss,
                 })
        {
            command.Options.Add(option);
        }
    }

    public SignRequest ToRequest(ParseResult parse) => new()
    {
        FieldName = parse.GetValue(Field),
        Digest = ParseDigest(parse.GetValue(Digest)!),
        Scheme = parse.GetValue(Pss) ? SignatureScheme.RsaPss : null,
        Reason = parse.GetValue(Reason),
        Location = parse.GetValue(Location),
        Visual = ToVisual(parse),
    };

    private SignatureVisual? ToVisual(ParseResult parse)
    {
        if (parse.GetValue(Invisible))
        {
            return null;
        }
        var qrUrl = parse.GetValue(QrUrl) ?? throw new SigningException(
            ErrorCodes.StampOutsidePage, "A visible stamp needs --qr-url URL (or sign with --invisible).");
        return new SignatureVisual
        {
            Placement = ToPlacement(parse),
            QrUrl = qrUrl,
            SignerName = parse.GetValue(SignerName),
            Position = parse.GetValue(Position),
            OnBehalfOf = parse.GetValue(OnBehalfOf),
            Organisation = parse.GetValue(Organisation),
            Zone = Enum.Parse<IndonesianTimeZone>(parse.GetValue(Zone)!, ignoreCase: true),
            Footer = parse.GetValue(Footer),
        };
    }

    private StampPlacement ToPlacement(ParseResult parse)
    {
        var anchor = parse.GetValue(Anchor);
        var rect = parse.GetValue(Rect);
        if (anchor is not null && rect is not null)
        {
            throw new SigningException(ErrorCodes.StampOutsidePage, "Give either --anchor or --page/--rect, not both.");
        }
        if (anchor is not null)
        {
            return new StampPlacement.AtAnchor(anchor);
        }
        if (rect is null)
        {
            return new StampPlacement.Default();
        }
        var page = parse.GetValue(Page) ?? throw new SigningException(
            ErrorCodes.PdfPageOutOfRange, "--rect needs --page N.");
        return new StampPlacement.OnPage(page, ParseRect(rect));
    }

    internal static PdfRect ParseRect(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 4 || !parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            throw new SigningException(ErrorCodes.StampOutsidePage, $"--rect '{text}' is not X1,Y1,X2,Y2 in points.");
        }
        var v = parts.Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return new PdfRect(v[0], v[1], v[2], v[3]);
    }

    private static DigestAlgorithm ParseDigest(string text) => text.ToLowerInvariant().Replace("-", "") switch
    {
        "sha256" => DigestAlgorithm.Sha256,
        "sha384" => DigestAlgorithm.Sha384,
        "sha512" => DigestAlgorithm.Sha512,
        _ => throw new SigningException(ErrorCodes.MechanismNotSupported, $"Unknown digest '{text}': use sha256, sha384 or sha512."),
    };
}
