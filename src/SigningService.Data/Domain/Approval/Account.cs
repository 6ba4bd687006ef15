using Microsoft.AspNetCore.Identity;

namespace SigningService.Domain.Approval;

/// <summary>
/// A person who logs in to the approval inbox (ASP.NET Core Identity user). An official who signs is linked
/// to their <see cref="Signatory"/>; paraf staff carry their jabatan and OPD, which the paraf chains name.
/// </summary>
public sealed class Account : IdentityUser<Guid>
{
    public Account()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    /// <summary>Name as shown in the inbox and recorded with a paraf, e.g. "Dewi Lestari, S.E.".</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>The official this account signs as (their token and certificate); null for staff who only paraf.</summary>
    public Guid? SignatoryId { get; set; }

    public Guid? OpdId { get; set; }

    /// <summary>Jabatan of paraf staff, e.g. "Kepala Seksi Perizinan"; recorded with each paraf they make.</summary>
    public string? Position { get; set; }

    /// <summary>An account an admin has switched off cannot log in, and its tokens stop working at once.</summary>
    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The roles of the inbox. A signer must have two-factor login (TOTP) enabled.</summary>
public static class AccountRoles
{
    public const string Admin = "admin";
    public const string Signer = "signer";
    public const string Paraf = "paraf";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Signer, Paraf, Viewer];
}
