using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kaifang.Review;

public sealed class ReviewMeetingEntityTypeConfiguration : IEntityTypeConfiguration<ReviewMeeting>
{
    public void Configure(EntityTypeBuilder<ReviewMeeting> builder)
    {
        builder.ToTable("ReviewMeetings");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Title).HasMaxLength(300);
        builder.Property(m => m.Location).HasMaxLength(300);
        builder.Property(m => m.CreatedBy).HasMaxLength(256);
        builder.Property(m => m.MinutesRecordedBy).HasMaxLength(256);
        builder.HasIndex(m => new { m.Kind, m.AgencyId, m.Date });
        builder.Ignore(m => m.IsHeld);
        builder.HasMany(m => m.Members).WithOne().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Agenda).WithOne().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.FollowUps).WithOne().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MeetingMemberEntityTypeConfiguration : IEntityTypeConfiguration<MeetingMember>
{
    public void Configure(EntityTypeBuilder<MeetingMember> builder)
    {
        builder.ToTable("MeetingMembers");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Name).HasMaxLength(100);
        builder.Property(m => m.Affiliation).HasMaxLength(300);
    }
}

public sealed class AgendaItemEntityTypeConfiguration : IEntityTypeConfiguration<AgendaItem>
{
    public void Configure(EntityTypeBuilder<AgendaItem> builder)
    {
        builder.ToTable("AgendaItems");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => new { a.MeetingId, a.ItemId }).IsUnique();
        builder.HasIndex(a => a.ItemId);
        builder.Property(a => a.DecidedBy).HasMaxLength(256);
        builder.HasOne<Inventory.InventoryItem>().WithMany().HasForeignKey(a => a.ItemId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class FollowUpActionEntityTypeConfiguration : IEntityTypeConfiguration<FollowUpAction>
{
    public void Configure(EntityTypeBuilder<FollowUpAction> builder)
    {
        builder.ToTable("FollowUpActions");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Owner).HasMaxLength(200);
    }
}
