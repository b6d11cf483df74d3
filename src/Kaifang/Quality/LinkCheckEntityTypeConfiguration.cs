using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kaifang.Quality;

// No foreign keys to Resources or Datasets: adding one would make SQLite rebuild those tables, and a
// check outliving its resource is removed by the next full run instead.
internal sealed class LinkCheckEntityTypeConfiguration : IEntityTypeConfiguration<LinkCheck>
{
    public void Configure(EntityTypeBuilder<LinkCheck> builder)
    {
        builder.HasKey(c => c.ResourceId);
        builder.Property(c => c.ResourceId).ValueGeneratedNever();
        builder.HasIndex(c => c.DatasetId);
        builder.HasIndex(c => new { c.IsBroken, c.LastStatus });
        builder.Property(c => c.Url).HasMaxLength(2000);
        builder.Property(c => c.LastStatus).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Failure).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.Error).HasMaxLength(2000);
        builder.Property(c => c.Warning).HasMaxLength(500);
        builder.Property(c => c.ContentType).HasMaxLength(200);
        builder.Property(c => c.ContentHash).HasMaxLength(64);
        builder.Property(c => c.Content).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.ContentEncoding).HasMaxLength(20);
        builder.Property(c => c.RedirectChain).HasMaxLength(8000);
    }
}

internal sealed class LinkCheckResultEntityTypeConfiguration : IEntityTypeConfiguration<LinkCheckResult>
{
    public void Configure(EntityTypeBuilder<LinkCheckResult> builder)
    {
        builder.HasIndex(r => new { r.ResourceId, r.CheckedAt });
        builder.Property(r => r.Url).HasMaxLength(2000);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Failure).HasConversion<string>().HasMaxLength(30);
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.Property(r => r.Warning).HasMaxLength(500);
        builder.Property(r => r.ContentType).HasMaxLength(200);
        builder.Property(r => r.ContentHash).HasMaxLength(64);
        builder.Property(r => r.RedirectChain).HasMaxLength(8000);
    }
}

internal sealed class QualitySnapshotEntityTypeConfiguration : IEntityTypeConfiguration<QualitySnapshot>
{
    public void Configure(EntityTypeBuilder<QualitySnapshot> builder)
    {
        builder.ToTable("QualitySnapshots");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => new { s.Year, s.Quarter, s.AgencyId }).IsUnique();
        builder.Property(s => s.TakenBy).HasMaxLength(256);
        builder.Property(s => s.Accuracy).HasConversion<double?>();
        builder.Ignore(s => s.Period);
        builder.HasMany(s => s.Items).WithOne().HasForeignKey(i => i.SnapshotId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QualitySnapshotItemEntityTypeConfiguration : IEntityTypeConfiguration<QualitySnapshotItem>
{
    public void Configure(EntityTypeBuilder<QualitySnapshotItem> builder)
    {
        builder.ToTable("QualitySnapshotItems");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Identifier).HasMaxLength(64);
        builder.Property(i => i.Title).HasMaxLength(500);
    }
}
