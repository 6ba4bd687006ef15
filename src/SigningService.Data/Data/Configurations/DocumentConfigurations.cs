using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SigningService.Domain;

namespace SigningService.Data.Configurations;

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> b)
    {
        b.HasKey(d => d.Id);
        b.Property(d => d.PublicId).HasMaxLength(26);
        b.HasIndex(d => d.PublicId).IsUnique();
        b.Property(d => d.TrackingCode).HasMaxLength(12);
        b.HasIndex(d => d.TrackingCode).IsUnique();
        b.Property(d => d.IdempotencyKey).HasMaxLength(200);
        b.HasIndex(d => new { d.IssuingClientId, d.IdempotencyKey }).IsUnique();
        b.HasIndex(d => new { d.Status, d.NextAttemptAt });
        b.HasIndex(d => new { d.Status, d.DueAt });
        b.HasIndex(d => new { d.IssuingClientId, d.CreatedAt });
        b.Property(d => d.RequestHash).HasMaxLength(64);
        b.Property(d => d.OriginalSha256).HasMaxLength(64);
        b.Property(d => d.SignedSha256).HasMaxLength(64);
        b.HasIndex(d => d.SignedSha256);
        b.Property(d => d.SignedBlobKey).HasMaxLength(200);
        b.Property(d => d.CallbackUrl).HasMaxLength(2000);
        b.Property(d => d.SignedByName).HasMaxLength(200);
        b.Property(d => d.SignedByPosition).HasMaxLength(200);
        b.Property(d => d.SignatureLevel).HasMaxLength(8);
        b.Property(d => d.TimestampAuthority).HasMaxLength(200);
        b.HasIndex(d => d.ArchiveExpiresAt);
        b.Property(d => d.LastErrorCode).HasMaxLength(64);
        b.Property(d => d.LastError).HasMaxLength(2000);
        b.Property(d => d.RevocationReason).HasMaxLength(1000);
        b.Property(d => d.SupersededByPublicId).HasMaxLength(26);
        b.Property(d => d.RejectionReason).HasMaxLength(1000);
        b.Property(d => d.DelegationBasis).HasMaxLength(200);
        b.Property(d => d.SignedOnBehalfOf).HasMaxLength(200);
        b.Property(d => d.Version).IsConcurrencyToken();
        // Set once when the document is submitted (private setters on the aggregate), never changed in place.
        b.Property(d => d.Facts).HasConversion(Json.Converter<DocumentFacts>(), Json.WrittenOnce<DocumentFacts>());
        b.Property(d => d.Instructions).HasConversion(Json.Converter<SigningInstructions>(), Json.WrittenOnce<SigningInstructions>());
        b.HasOne<IssuingClient>().WithMany().HasForeignKey(d => d.IssuingClientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<DocumentType>().WithMany().HasForeignKey(d => d.DocumentTypeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Signatory>().WithMany().HasForeignKey(d => d.SignatoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Opd>().WithMany().HasForeignKey(d => d.OpdId).OnDelete(DeleteBehavior.Restrict);
        b.OwnsMany(d => d.History, h =>
        {
            h.ToTable("DocumentStateChanges");
            h.WithOwner().HasForeignKey("DocumentId");
            h.Property<long>("Id");
            h.HasKey("Id");
            h.Property(c => c.Actor).HasMaxLength(200);
            h.Property(c => c.Note).HasMaxLength(2000);
        });
        b.Navigation(d => d.History).AutoInclude(false);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.HasKey(e => e.Sequence);
        b.Property(e => e.Sequence).ValueGeneratedNever();
        b.Property(e => e.Actor).HasMaxLength(200);
        b.Property(e => e.Action).HasMaxLength(100);
        b.Property(e => e.PreviousHash).HasMaxLength(64);
        b.Property(e => e.Hash).HasMaxLength(64);
        b.HasIndex(e => e.DocumentId);
    }
}

internal sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHead>
{
    public void Configure(EntityTypeBuilder<AuditHead> b)
    {
        b.HasKey(h => h.Id);
        b.Property(h => h.Id).ValueGeneratedNever();
        b.Property(h => h.Hash).HasMaxLength(64).IsConcurrencyToken();
        b.HasData(new AuditHead());
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.HasKey(w => w.Id);
        b.Property(w => w.Event).HasMaxLength(32);
        b.Property(w => w.Url).HasMaxLength(2000);
        b.Property(w => w.LastError).HasMaxLength(2000);
        b.HasIndex(w => new { w.Status, w.NextAttemptAt });
        b.HasIndex(w => w.DocumentId);
        b.HasOne<Document>().WithMany().HasForeignKey(w => w.DocumentId);
    }
}

/// <summary>JSON columns for small value records, compared by content so EF notices changes.</summary>
internal static class Json
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T, string> Converter<T>() where T : new() =>
        new(v => JsonSerializer.Serialize(v, Options), v => JsonSerializer.Deserialize<T>(v, Options) ?? new T());

    public static ValueComparer<T> Comparer<T>() where T : new() =>
        new((a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
            v => JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Options), Options) ?? new T());

    /// <summary>
    /// For a value the entity sets once and never changes in place: compared by reference and snapshotted
    /// as is. Comparing by content cost two serialisations per compare and a serialise-and-parse per
    /// snapshot, on every document the worker loads and saves.
    /// </summary>
    public static ValueComparer<T> WrittenOnce<T>() where T : class =>
        new((a, b) => ReferenceEquals(a, b), v => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(v), v => v);
}
