using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kaifang.Inventory;

public sealed class InventoryRoundEntityTypeConfiguration : IEntityTypeConfiguration<InventoryRound>
{
    public void Configure(EntityTypeBuilder<InventoryRound> builder)
    {
        builder.ToTable("InventoryRounds");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.Year, r.Quarter }).IsUnique();
        builder.Property(r => r.CreatedBy).HasMaxLength(256);
        builder.Ignore(r => r.Label);
    }
}

public sealed class InventoryItemEntityTypeConfiguration : IEntityTypeConfiguration<InventoryItem>
{
    public void Configure(EntityTypeBuilder<InventoryItem> builder)
    {
        builder.ToTable("InventoryItems");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Name).HasMaxLength(InventoryItemInput.NameMaxLength);
        builder.Property(i => i.OwningUnit).HasMaxLength(200);
        builder.Property(i => i.UpdateFrequency).HasMaxLength(50);
        builder.Property(i => i.Volume).HasMaxLength(200);
        builder.Property(i => i.Licence).HasMaxLength(200);
        builder.Property(i => i.FeeBasis).HasMaxLength(500);
        builder.Property(i => i.LegalBases)
            .HasConversion(
                v => string.Join(";", v),
                s => s.Split(';', StringSplitOptions.RemoveEmptyEntries).ToList(),
                new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode(StringComparison.Ordinal))), v => v.ToList()))
            .HasMaxLength(1000);
        builder.HasIndex(i => new { i.RoundId, i.AgencyId, i.State });
        builder.HasIndex(i => i.State);
        builder.HasMany(i => i.Datasets).WithOne().HasForeignKey(d => d.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<InventoryRound>().WithMany().HasForeignKey(i => i.RoundId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class InventoryItemMoveEntityTypeConfiguration : IEntityTypeConfiguration<InventoryItemMove>
{
    public void Configure(EntityTypeBuilder<InventoryItemMove> builder)
    {
        builder.ToTable("InventoryItemMoves");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.UserName).HasMaxLength(256);
        builder.HasIndex(m => m.ItemId);
        builder.HasOne<InventoryItem>().WithMany().HasForeignKey(m => m.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class InventoryReminderEntityTypeConfiguration : IEntityTypeConfiguration<InventoryReminder>
{
    public void Configure(EntityTypeBuilder<InventoryReminder> builder)
    {
        builder.ToTable("InventoryReminders");
        builder.HasKey(r => new { r.RoundId, r.AgencyId });
    }
}

public sealed class LegalBasisEntityTypeConfiguration : IEntityTypeConfiguration<LegalBasis>
{
    public void Configure(EntityTypeBuilder<LegalBasis> builder)
    {
        builder.ToTable("LegalBases");
        builder.HasKey(b => b.Code);
        builder.Property(b => b.Code).HasMaxLength(40);
        builder.Property(b => b.Law).HasMaxLength(200);
        builder.Property(b => b.Article).HasMaxLength(100);
        builder.Property(b => b.Text).HasMaxLength(2000);
        builder.Ignore(b => b.Title);
        // The shipped list, so that every installation (new or migrated) starts with it.
        builder.HasData(LegalBasisSeed.All.Select(b => new { b.Code, b.Law, b.Article, b.Text, b.Order, b.Active }));
    }
}

internal sealed class InventoryItemDatasetEntityTypeConfiguration : IEntityTypeConfiguration<InventoryItemDataset>
{
    public void Configure(EntityTypeBuilder<InventoryItemDataset> builder)
    {
        builder.HasIndex(d => new { d.ItemId, d.DatasetId }).IsUnique();
        builder.HasIndex(d => d.DatasetId);
        builder.Property(d => d.LinkedBy).HasMaxLength(256);
    }
}
