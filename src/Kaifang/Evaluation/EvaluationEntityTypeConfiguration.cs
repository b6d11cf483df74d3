using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kaifang.Evaluation;

internal sealed class ScheduleTargetEntityTypeConfiguration : IEntityTypeConfiguration<ScheduleTarget>
{
    public void Configure(EntityTypeBuilder<ScheduleTarget> builder) =>
        builder.HasIndex(t => new { t.AgencyId, t.Year }).IsUnique();
}

internal sealed class PerformanceTargetEntityTypeConfiguration : IEntityTypeConfiguration<PerformanceTarget>
{
    public void Configure(EntityTypeBuilder<PerformanceTarget> builder)
    {
        builder.HasIndex(t => new { t.AgencyId, t.Year }).IsUnique();
        builder.Property(t => t.AccuracyPercent).HasPrecision(5, 2);
        builder.Property(t => t.ThreeStarPercent).HasPrecision(5, 2);
        builder.Property(t => t.RepliesWithinDeadlinePercent).HasPrecision(5, 2);
    }
}

internal sealed class EvaluationSnapshotEntityTypeConfiguration : IEntityTypeConfiguration<EvaluationSnapshot>
{
    public void Configure(EntityTypeBuilder<EvaluationSnapshot> builder)
    {
        builder.HasIndex(s => s.Year);
        builder.Property(s => s.TakenBy).HasMaxLength(256);
    }
}
