using Signing.Abstractions;

namespace Signing.Core.Ltv;

/// <summary>PAdES baseline levels (ETSI EN 319 142-1 §6): each adds to the one before.</summary>
public enum SignatureLevel
{
    /// <summary>B-B: CAdES-detached signature with signing-certificate-v2.</summary>
    BB,

    /// <summary>B-T: plus a trusted time (signature time-stamp, or a document time-stamp over it).</summary>
    BT,

    /// <summary>B-LT: plus the validation data (certificates, OCSP, CRL) in the /DSS.</summary>
    BLT,

    /// <summary>B-LTA: plus a document time-stamp over the validation data.</summary>
    BLTA,
}

public static class SignatureLevels
{
    public static string Name(this SignatureLevel level) => level switch
    {
        SignatureLevel.BB => "B-B",
        SignatureLevel.BT => "B-T",
        SignatureLevel.BLT => "B-LT",
        SignatureLevel.BLTA => "B-LTA",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static SignatureLevel Parse(string text) => text.ToUpperInvariant().Replace("-", "").Replace("_", "") switch
    {
        "BB" => SignatureLevel.BB,
        "BT" => SignatureLevel.BT,
        "BLT" => SignatureLevel.BLT,
        "BLTA" => SignatureLevel.BLTA,
        _ => throw new SigningException(ErrorCodes.MechanismNotSupported, $"Unknown PAdES level '{text}': use B-B, B-T, B-LT or B-LTA."),
    };
}
