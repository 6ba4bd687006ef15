using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SigningService.Domain;
using SigningService.Domain.Approval;

namespace SigningService.Data.Configurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> b)
    {
        b.Property(a => a.DisplayName).HasMaxLength(200);
        b.Property(a => a.Position).HasMaxLength(200);
        b.HasOne<Signatory>().WithMany().HasForeignKey(a => a.SignatoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Opd>().WithMany().HasForeignKey(a => a.OpdId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => a.SignatoryId);
    }
}

/// <summary>The inbox's roles exist in every database from its migration on (fixed ids and stamps keep the seed stable).</summary>
internal sealed class RoleConfiguration : IEntityTypeConfiguration<IdentityRole<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityRole<Guid>> b) => b.HasData(
        Role("0195f0a0-0000-7000-8000-000000000001", AccountRoles.Admin),
        Role("0195f0a0-0000-7000-8000-000000000002", AccountRoles.Signer),
        Role("0195f0a0-0000-7000-8000-000000000003", AccountRoles.Paraf),
        Role("0195f0a0-0000-7000-8000-000000000004", AccountRoles.Viewer));

    private static IdentityRole<Guid> Role(string id, string name) =>
        new() { Id = Guid.Parse(id), Name = name, NormalizedName = name.ToUpperInvariant(), ConcurrencyStamp = id };
}

internal sealed class ParafStepConfiguration : IEntityTypeConfiguration<ParafStep>
{
    public void Configure(EntityTypeBuilder<ParafStep> b)
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.Position).HasMaxLength(200);
        b.HasIndex(s => new { s.DocumentTypeId, s.Order }).IsUnique();
        b.HasIndex(s => s.AccountId);
        b.HasOne<DocumentType>().WithMany().HasForeignKey(s => s.DocumentTypeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DocumentSignatureConfiguration : IEntityTypeConfiguration<DocumentSignature>
{
    public void Configure(EntityTypeBuilder<DocumentSignature> b)
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.Name).HasMaxLength(200);
        b.Property(s => s.Position).HasMaxLength(200);
        b.Property(s => s.DocumentSha256).HasMaxLength(64);
        b.Property(s => s.SignedSha256).HasMaxLength(64);
        b.Property(s => s.DelegationBasis).HasMaxLength(200);
        b.HasIndex(s => new { s.DocumentId, s.Kind, s.ParafStep });
        b.HasIndex(s => new { s.AccountId, s.At });
        b.HasOne<Document>().WithMany().HasForeignKey(s => s.DocumentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Signatory>().WithMany().HasForeignKey(s => s.SignatoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Delegation>().WithMany().HasForeignKey(s => s.DelegationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DelegationConfiguration : IEntityTypeConfiguration<Delegation>
{
    public void Configure(EntityTypeBuilder<Delegation> b)
    {
        b.HasKey(d => d.Id);
        b.Property(d => d.LegalBasis).HasMaxLength(200);
        b.Property(d => d.CreatedBy).HasMaxLength(200);
        b.Property(d => d.EndedBy).HasMaxLength(200);
        // A handful of ids read with the order itself: a JSON column, no join table.
        b.Property(d => d.DocumentTypeIds).HasConversion(Json.Converter<List<Guid>>(), Json.Comparer<List<Guid>>()).HasMaxLength(4000);
        b.HasIndex(d => new { d.HeadSignatoryId, d.ValidUntil });
        b.HasIndex(d => new { d.ActingSignatoryId, d.ValidUntil });
        b.HasOne<Opd>().WithMany().HasForeignKey(d => d.OpdId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Signatory>().WithMany().HasForeignKey(d => d.HeadSignatoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Signatory>().WithMany().HasForeignKey(d => d.ActingSignatoryId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EmailNotificationConfiguration : IEntityTypeConfiguration<EmailNotification>
{
    public void Configure(EntityTypeBuilder<EmailNotification> b)
    {
        b.HasKey(n => n.Id);
        b.Property(n => n.To).HasMaxLength(320);
        b.Property(n => n.Subject).HasMaxLength(300);
        b.Property(n => n.Kind).HasMaxLength(32);
        b.Property(n => n.LastError).HasMaxLength(2000);
        b.HasIndex(n => new { n.Status, n.NextAttemptAt });
        b.HasIndex(n => n.DocumentId);
    }
}
