using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SigningService.Domain;

namespace SigningService.Data.Configurations;

internal sealed class PemdaConfiguration : IEntityTypeConfiguration<Pemda>
{
    public void Configure(EntityTypeBuilder<Pemda> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.Code).HasMaxLength(32);
        b.Property(p => p.Name).HasMaxLength(200);
        b.HasIndex(p => p.Code).IsUnique();
        b.HasMany(p => p.Opds).WithOne(o => o.Pemda).HasForeignKey(o => o.PemdaId);
    }
}

internal sealed class OpdConfiguration : IEntityTypeConfiguration<Opd>
{
    public void Configure(EntityTypeBuilder<Opd> b)
    {
        b.HasKey(o => o.Id);
        b.Property(o => o.Code).HasMaxLength(32);
        b.Property(o => o.Name).HasMaxLength(200);
        b.HasIndex(o => new { o.PemdaId, o.Code }).IsUnique();
        b.HasMany(o => o.Signatories).WithOne(s => s.Opd).HasForeignKey(s => s.OpdId);
    }
}

internal sealed class SignatoryConfiguration : IEntityTypeConfiguration<Signatory>
{
    public void Configure(EntityTypeBuilder<Signatory> b)
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.Name).HasMaxLength(200);
        b.Property(s => s.Nip).HasMaxLength(18);
        b.Property(s => s.Position).HasMaxLength(200);
        b.Property(s => s.TokenLabel).HasMaxLength(64);
        b.Property(s => s.KeyLabel).HasMaxLength(64);
        b.HasIndex(s => s.Nip);
    }
}

internal sealed class IssuingClientConfiguration : IEntityTypeConfiguration<IssuingClient>
{
    public void Configure(EntityTypeBuilder<IssuingClient> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.ApiKeyPrefix).HasMaxLength(16);
        b.Property(c => c.ApiKeyHash).HasMaxLength(64);
        b.HasIndex(c => c.ApiKeyHash).IsUnique();
        b.HasMany(c => c.Opds).WithOne().HasForeignKey(o => o.IssuingClientId);
    }
}

internal sealed class IssuingClientOpdConfiguration : IEntityTypeConfiguration<IssuingClientOpd>
{
    public void Configure(EntityTypeBuilder<IssuingClientOpd> b)
    {
        b.HasKey(o => new { o.IssuingClientId, o.OpdId });
        b.HasOne<Opd>().WithMany().HasForeignKey(o => o.OpdId);
    }
}

internal sealed class DocumentTypeConfiguration : IEntityTypeConfiguration<DocumentType>
{
    public void Configure(EntityTypeBuilder<DocumentType> b)
    {
        b.HasKey(t => t.Id);
        b.Property(t => t.Code).HasMaxLength(64);
        b.Property(t => t.Name).HasMaxLength(200);
        b.Property(t => t.Level).HasMaxLength(8);
        b.Property(t => t.DefaultAnchor).HasMaxLength(200);
        b.HasIndex(t => t.Code).IsUnique();
        b.HasOne<Signatory>().WithMany().HasForeignKey(t => t.DefaultSignatoryId).OnDelete(DeleteBehavior.Restrict);
    }
}
