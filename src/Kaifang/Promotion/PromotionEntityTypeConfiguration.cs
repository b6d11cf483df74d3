using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kaifang.Promotion;

public sealed class PromotionEventEntityTypeConfiguration : IEntityTypeConfiguration<PromotionEvent>
{
    public void Configure(EntityTypeBuilder<PromotionEvent> builder)
    {
        builder.ToTable("PromotionEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Title).HasMaxLength(200);
        builder.Property(e => e.Venue).HasMaxLength(300);
        builder.Property(e => e.OnlineUrl).HasMaxLength(1000);
        builder.Property(e => e.CreatedBy).HasMaxLength(256);
        builder.HasIndex(e => e.StartsAt);
        builder.HasIndex(e => e.AgencyId);
        builder.HasMany(e => e.Datasets).WithOne().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(e => e.Registrations).WithOne().HasForeignKey(r => r.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class EventDatasetEntityTypeConfiguration : IEntityTypeConfiguration<EventDataset>
{
    public void Configure(EntityTypeBuilder<EventDataset> builder)
    {
        builder.ToTable("PromotionEventDatasets");
        builder.HasKey(d => new { d.EventId, d.DatasetId });
        builder.HasIndex(d => d.DatasetId);
    }
}

public sealed class EventRegistrationEntityTypeConfiguration : IEntityTypeConfiguration<EventRegistration>
{
    public void Configure(EntityTypeBuilder<EventRegistration> builder)
    {
        builder.ToTable("EventRegistrations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Name).HasMaxLength(100);
        builder.Property(r => r.Email).HasMaxLength(320);
        builder.Property(r => r.Organisation).HasMaxLength(200);
        builder.Property(r => r.CancelSecretHash).HasMaxLength(600);
        builder.Property(r => r.SenderHash).HasMaxLength(64);
        // Unique: the number decides seats and the waiting list's order, and refuses the second of two registrations made at once.
        builder.HasIndex(r => new { r.EventId, r.Sequence }).IsUnique();
        builder.HasIndex(r => new { r.EventId, r.Status });
        builder.HasIndex(r => new { r.EventId, r.Email });
        builder.HasIndex(r => new { r.SenderHash, r.RegisteredAt });
    }
}

public sealed class ShowcaseEntityTypeConfiguration : IEntityTypeConfiguration<Showcase>
{
    public void Configure(EntityTypeBuilder<Showcase> builder)
    {
        builder.ToTable("Showcases");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Title).HasMaxLength(200);
        builder.Property(s => s.Url).HasMaxLength(1000);
        builder.Property(s => s.AuthorName).HasMaxLength(100);
        builder.Property(s => s.AuthorEmail).HasMaxLength(320);
        builder.Property(s => s.DecisionReason).HasMaxLength(1000);
        builder.Property(s => s.DecidedBy).HasMaxLength(256);
        builder.Property(s => s.HeldReason).HasMaxLength(200);
        builder.Property(s => s.SenderHash).HasMaxLength(64);
        builder.HasIndex(s => new { s.Status, s.SubmittedAt });
        builder.HasIndex(s => new { s.SenderHash, s.SubmittedAt });
        builder.HasMany(s => s.Datasets).WithOne().HasForeignKey(d => d.ShowcaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ShowcaseDatasetEntityTypeConfiguration : IEntityTypeConfiguration<ShowcaseDataset>
{
    public void Configure(EntityTypeBuilder<ShowcaseDataset> builder)
    {
        builder.ToTable("ShowcaseDatasets");
        builder.HasKey(d => new { d.ShowcaseId, d.DatasetId });
        builder.HasIndex(d => d.DatasetId);
        builder.HasIndex(d => d.AgencyId);
    }
}
