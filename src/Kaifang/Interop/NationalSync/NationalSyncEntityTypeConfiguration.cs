using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kaifang.Interop.NationalSync;

internal sealed class NationalSyncAgencyEntityTypeConfiguration : IEntityTypeConfiguration<NationalSyncAgency>
{
    public void Configure(EntityTypeBuilder<NationalSyncAgency> builder)
    {
        builder.HasKey(a => a.AgencyId);
        builder.Property(a => a.AgencyId).ValueGeneratedNever();
        builder.Property(a => a.BaseUrl).HasMaxLength(2000);
        builder.Property(a => a.ProtectedApiKey).HasMaxLength(4000);
        builder.Property(a => a.ApiKeyHint).HasMaxLength(8);
        builder.Property(a => a.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class NationalSyncRecordEntityTypeConfiguration : IEntityTypeConfiguration<NationalSyncRecord>
{
    public void Configure(EntityTypeBuilder<NationalSyncRecord> builder)
    {
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasIndex(r => new { r.AgencyId, r.DatasetId }).IsUnique();
        builder.HasIndex(r => new { r.Status, r.NextAttemptAt });
        builder.Property(r => r.Identifier).HasMaxLength(60);
        builder.Property(r => r.Title).HasMaxLength(500);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Operation).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.PayloadHash).HasMaxLength(64);
        builder.Property(r => r.SyncedHash).HasMaxLength(64);
        builder.Property(r => r.NationalId).HasMaxLength(100);
        builder.Property(r => r.LastError).HasMaxLength(2000);
    }
}
