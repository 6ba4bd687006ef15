namespace Signing.Cms;

/// <summary>Settings for <see cref="DevPki.Generate"/>. Every default yields the documented dev PKI.</summary>
public sealed record DevPkiOptions
{
    /// <summary>Regional government (O of the officials and the e-seal).</summary>
    public string PemdaName { get; init; } = "Pemerintah Kota Malang";

    /// <summary>The OPD (OU of the officials, CN of the e-seal).</summary>
    public string OpdName { get; init; } = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu";

    /// <summary>Where the dev host serves OCSP (<c>/ocsp</c>), CA certificates (<c>/issuing-ca.cer</c>) and CRLs.</summary>
    public string BaseUrl { get; init; } = "http://localhost:5080/dev-pki";

    public int RootValidityYears { get; init; } = 20;

    public int IssuingCaValidityYears { get; init; } = 10;

    public int EndEntityValidityYears { get; init; } = 5;

    /// <summary>Password of every NAME.p12 (and the suggested SoftHSM user PIN).</summary>
    public string Password { get; init; } = "123456";

    /// <summary>Replace an existing dev PKI in the output directory (re-keys every identity).</summary>
    public bool Overwrite { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
