namespace SigningService.Domain;

/// <summary>
/// What the issuing system tells us about a document, as shown on the public verification page. The
/// holder's NIK is kept only in masked form (e.g. 3573********0001) unless the client asked to show it.
/// </summary>
public sealed record DocumentFacts
{
    public string Number { get; init; } = "";
    public string Title { get; init; } = "";
    public string? HolderName { get; init; }
    public string? HolderNik { get; init; }
    public DateOnly? IssueDate { get; init; }
    public DateOnly? ExpiryDate { get; init; }
    public Dictionary<string, string> PublicFacts { get; init; } = [];

    /// <summary>16-digit NIK → first 4 and last 4 digits kept (domain notes: "3573********0001").</summary>
    public static string MaskNik(string nik) =>
        nik.Length <= 8 ? new string('*', nik.Length) : nik[..4] + new string('*', nik.Length - 8) + nik[^4..];
}

/// <summary>How to sign: the stamp's place and the PAdES level.</summary>
public sealed record SigningInstructions
{
    /// <summary>B-B, B-T, B-LT or B-LTA.</summary>
    public string Level { get; init; } = "B-B";

    /// <summary>Page number (1-based) for a rectangle placement.</summary>
    public int? Page { get; init; }

    /// <summary>Rectangle in PDF points on the displayed page, origin bottom-left: x, y, width, height.</summary>
    public double[]? Rect { get; init; }

    /// <summary>Anchor text where the stamp goes, e.g. ${ttd_kadis}.</summary>
    public string? Anchor { get; init; }

    /// <summary>No visible stamp at all (the QR is still on the verification page).</summary>
    public bool Invisible { get; init; }
}
