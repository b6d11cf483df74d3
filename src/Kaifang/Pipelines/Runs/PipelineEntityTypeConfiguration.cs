using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kaifang.Pipelines.Runs;

internal sealed class PipelineEntityTypeConfiguration : IEntityTypeConfiguration<Pipeline>
{
    public void Configure(EntityTypeBuilder<Pipeline> builder)
    {
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.HasIndex(p => p.ResourceId).IsUnique();
        builder.HasIndex(p => p.DatasetId);
        builder.HasIndex(p => p.NextRunAt);
        builder.Property(p => p.SourceKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.ScheduleKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Cron).HasMaxLength(120);
    }
}

internal sealed class PipelineRunEntityTypeConfiguration : IEntityTypeConfiguration<PipelineRun>
{
    public void Configure(EntityTypeBuilder<PipelineRun> builder)
    {
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasOne<Pipeline>().WithMany().HasForeignKey(r => r.PipelineId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.PipelineId, r.StartedAt });
        // At most one run of a pipeline at a time, whichever node makes it: a second start is refused here.
        builder.HasIndex(r => r.PipelineId).IsUnique().HasFilter("\"Status\" = 'Running'").HasDatabaseName("IX_PipelineRuns_OneRunning");
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Trigger).HasMaxLength(100);
    }
}

internal sealed class ResourceVersionEntityTypeConfiguration : IEntityTypeConfiguration<ResourceVersion>
{
    public void Configure(EntityTypeBuilder<ResourceVersion> builder)
    {
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.HasIndex(v => new { v.ResourceId, v.Number }).IsUnique();
        builder.Property(v => v.ContentHash).HasMaxLength(64);
        builder.Property(v => v.Format).HasMaxLength(20);
        builder.Property(v => v.FileName).HasMaxLength(300);
        builder.Property(v => v.MediaType).HasMaxLength(200);
    }
}

internal sealed class DatabaseConnectionEntityTypeConfiguration : IEntityTypeConfiguration<DatabaseConnection>
{
    public void Configure(EntityTypeBuilder<DatabaseConnection> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasIndex(c => c.Name).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.Title).HasMaxLength(300);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
    }
}
