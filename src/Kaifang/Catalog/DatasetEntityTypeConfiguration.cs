using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kaifang.Catalog;

internal sealed class DatasetEntityTypeConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        // Ids are made by Kaifang (Guid.NewGuid), so EF must not take a set key for an existing row.
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasIndex(d => d.Identifier).IsUnique();
        builder.HasIndex(d => d.Name).IsUnique();
        builder.HasIndex(d => new { d.AgencyId, d.Status });
        builder.HasIndex(d => d.MetadataModifiedAt);
        builder.HasIndex(d => new { d.HarvestSourceId, d.HarvestRemoteId });
        builder.Property(d => d.HarvestRemoteId).HasMaxLength(2000);
        builder.Property(d => d.Identifier).HasMaxLength(40);
        builder.Property(d => d.Name).HasMaxLength(100);
        builder.Property(d => d.Title).HasMaxLength(300);
        builder.Property(d => d.TitleEn).HasMaxLength(300);
        builder.Property(d => d.UpdateFrequency)
            .HasConversion(f => f.ToString(), s => UpdateFrequency.Parse(s))
            .HasMaxLength(20);
        builder.Property(d => d.Keywords)
            .HasConversion(
                k => string.Join(';', k),
                s => s.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
                new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), k => k.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode(StringComparison.Ordinal))), k => k.ToList()));
        builder.Property(d => d.ExtraFields)
            .HasConversion(
                e => JsonSerializer.Serialize(e, JsonSerializerOptions.Default),
                s => JsonSerializer.Deserialize<Dictionary<string, string>>(s, JsonSerializerOptions.Default) ?? new Dictionary<string, string>(),
                new ValueComparer<Dictionary<string, string>>((a, b) => a!.Count == b!.Count && !a.Except(b).Any(), e => e.Count, e => new Dictionary<string, string>(e)));
        builder.HasOne(d => d.Agency).WithMany().HasForeignKey(d => d.AgencyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(d => d.Resources).WithOne(r => r.Dataset).HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ResourceEntityTypeConfiguration : IEntityTypeConfiguration<Resource>
{
    public void Configure(EntityTypeBuilder<Resource> builder)
    {
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasIndex(r => r.Identifier).IsUnique();
        builder.HasIndex(r => new { r.DatasetId, r.Position });
        builder.HasIndex(r => r.FileHash);
        builder.Property(r => r.Format).HasMaxLength(20);
        builder.Property(r => r.FileHash).HasMaxLength(64);
    }
}
