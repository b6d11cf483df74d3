using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kaifang.Agencies;

internal sealed class AgencyEntityTypeConfiguration : IEntityTypeConfiguration<Agency>
{
    public void Configure(EntityTypeBuilder<Agency> builder)
    {
        builder.HasIndex(a => a.Code).IsUnique();
        builder.HasIndex(a => a.OrganisationCode).IsUnique();
        builder.Property(a => a.Code).HasMaxLength(20);
        builder.HasOne(a => a.Parent).WithMany(a => a.Children).HasForeignKey(a => a.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}
