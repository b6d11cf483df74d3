using Kaifang.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kaifang.Feedback;

public sealed class CommentEntityTypeConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> builder)
    {
        builder.ToTable("Comments");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Reference).HasMaxLength(32);
        builder.HasIndex(c => c.Reference).IsUnique();
        builder.Property(c => c.Subject).HasMaxLength(400);
        builder.Property(c => c.AuthorEmail).HasMaxLength(320);
        builder.Property(c => c.ExternalId).HasMaxLength(100);
        builder.HasIndex(c => new { c.Origin, c.ExternalId });
        builder.HasIndex(c => new { c.AgencyId, c.Status });
        builder.HasIndex(c => new { c.AgencyId, c.ReceivedOn });
        builder.HasIndex(c => c.DatasetId);
        builder.HasIndex(c => new { c.SenderHash, c.ReceivedAt });
        builder.Property(c => c.SenderHash).HasMaxLength(64);
        builder.Property(c => c.FollowUpSecretHash).HasMaxLength(FollowUpKeys.StoredLength);
        builder.Ignore(c => c.OpenDueOn);
        builder.Ignore(c => c.AwaitsReply);
        builder.HasMany(c => c.Messages).WithOne().HasForeignKey(m => m.CommentId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class CommentMessageEntityTypeConfiguration : IEntityTypeConfiguration<CommentMessage>
{
    public void Configure(EntityTypeBuilder<CommentMessage> builder)
    {
        builder.ToTable("CommentMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.SignedAs).HasMaxLength(200);
    }
}

public sealed class OfficeCalendarDayEntityTypeConfiguration : IEntityTypeConfiguration<OfficeCalendarDay>
{
    public void Configure(EntityTypeBuilder<OfficeCalendarDay> builder)
    {
        builder.ToTable("OfficeCalendarDays");
        builder.HasKey(d => d.Date);
        builder.Property(d => d.Note).HasMaxLength(200);
    }
}

public sealed class FeedbackRouteEntityTypeConfiguration : IEntityTypeConfiguration<FeedbackRoute>
{
    public void Configure(EntityTypeBuilder<FeedbackRoute> builder)
    {
        builder.ToTable("FeedbackRoutes");
        builder.HasKey(r => r.AgencyId);
    }
}

public sealed class OutboxMessageEntityTypeConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.To).HasMaxLength(320);
        builder.Property(m => m.Topic).HasMaxLength(64);
        builder.Property(m => m.Regarding).HasMaxLength(64);
        builder.HasIndex(m => new { m.SentAt, m.NextAttemptAt });
        builder.HasIndex(m => new { m.Topic, m.Regarding });
    }
}
