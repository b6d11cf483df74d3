using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kaifang.Interop.Harvesting;

internal sealed class HarvestSourceEntityTypeConfiguration : IEntityTypeConfiguration<HarvestSource>
{
    public void Configure(EntityTypeBuilder<HarvestSource> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasIndex(s => s.Name).IsUnique();
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.Title).HasMaxLength(300);
        builder.Property(s => s.Url).HasMaxLength(2000);
        builder.Property(s => s.Schedule).HasMaxLength(120);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
    }
}

internal sealed class HarvestRunEntityTypeConfiguration : IEntityTypeConfiguration<HarvestRun>
{
    public void Configure(EntityTypeBuilder<HarvestRun> builder)
    {
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasOne(r => r.Source).WithMany().HasForeignKey(r => r.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.SourceId, r.StartedAt });
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(30);
        builder.HasMany(r => r.Errors).WithOne().HasForeignKey(e => e.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
