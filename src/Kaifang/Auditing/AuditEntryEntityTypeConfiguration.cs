using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kaifang.Auditing;

internal sealed class AuditEntryEntityTypeConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.HasIndex(e => new { e.DatasetId, e.At });
        builder.HasIndex(e => new { e.EntityType, e.EntityId });
        builder.Property(e => e.Changes)
            .HasConversion(
                c => JsonSerializer.Serialize(c, JsonSerializerOptions.Default),
                s => JsonSerializer.Deserialize<List<FieldChange>>(s, JsonSerializerOptions.Default) ?? new List<FieldChange>(),
                new ValueComparer<List<FieldChange>>((a, b) => a!.SequenceEqual(b!), c => c.Count, c => c.ToList()));
    }
}
