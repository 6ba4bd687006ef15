using Microsoft.EntityFrameworkCore;
using SigningService.Data;
using SigningService.Domain;

namespace SigningService.Verification;

/// <summary>What the public may see of a document: no internal ids, no client, the NIK only masked.</summary>
public sealed record PublicDocument(
    string PublicId,
    DocumentStatus Status,
    string Number,
    string Title,
    string DocumentType,
    string Opd,
    string? HolderName,
    string? HolderNik,
    DateOnly? IssueDate,
    DateOnly? ExpiryDate,
    IReadOnlyDictionary<string, string> Facts,
    string? SignerName,
    string? SignerPosition,
    DateTimeOffset? SignedAt,
    string? Level,
    string? SignedSha256,
    DateTimeOffset? RevokedAt,
    string? RevocationReason,
    bool Downloadable,
    string? SignedBlobKey,
    string? SupersededByPublicId,
    string? TimestampAuthority,
    string? DelegationKind = null,
    string? DelegationBasis = null,
    string? SignedOnBehalfOf = null)
{
    public static async Task<PublicDocument?> FindAsync(SigningDbContext db, string publicId, CancellationToken ct)
    {
        if (publicId.Length != 26 || !publicId.All(c => c is >= 'A' and <= 'Z' or >= '2' and <= '7'))
            return null;
        var row = await db.Documents.AsNoTracking()
            .Where(d => d.PublicId == publicId)
            .Join(db.DocumentTypes, d => d.DocumentTypeId, t => t.Id, (d, t) => new { d, t })
            .Join(db.Opds, x => x.d.OpdId, o => o.Id, (x, o) => new { x.d, x.t, OpdName = o.Name })
            .SingleOrDefaultAsync(ct);
        if (row is null)
            return null;
        var d = row.d;
        // Stored masked unless the issuing system asked for the full NIK to be shown (showNik).
        var nik = d.Facts.HolderNik;
        return new PublicDocument(
            d.PublicId, d.Status, d.Facts.Number, d.Facts.Title, row.t.Name, row.OpdName, d.Facts.HolderName, nik,
            d.Facts.IssueDate, d.Facts.ExpiryDate, d.Facts.PublicFacts, d.SignedByName, d.SignedByPosition, d.SignedAt,
            d.SignatureLevel, d.SignedSha256, d.RevokedAt, d.RevocationReason,
            row.t.PublicDownload && d.Status == DocumentStatus.Signed, d.SignedBlobKey, d.SupersededByPublicId, d.TimestampAuthority,
            d.DelegationKind?.ToString(), d.DelegationBasis, d.SignedOnBehalfOf);
    }
}
