using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kaifang.Catalog;

/// One write to the catalog, recorded in the same transaction as the write, so that every node's search index and
/// DataStore — each node keeps its own — can follow writes made on other nodes or by the command line
/// (Search/CatalogChangeFollower). Rows are kept for <see cref="Search.SearchOptions.ChangeRetentionDays"/> days.
public sealed class CatalogChange
{
    public long Id { get; set; }

    /// The dataset that changed (created, edited, its resources changed, deleted); null when the whole catalog may
    /// have changed at once (a bulk import), which every other node answers with a rebuild.
    public Guid? DatasetId { get; set; }

    /// The process that wrote it (<see cref="NodeIdentity"/>): a node has already indexed its own writes.
    public Guid Node { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}

/// This process's identity in the change record: new at every start, so that after a crash the restarted node
/// follows the writes its previous life recorded but may not have indexed.
public sealed class NodeIdentity
{
    public Guid Id { get; } = Guid.NewGuid();
}

public sealed class CatalogChangeEntityTypeConfiguration : IEntityTypeConfiguration<CatalogChange>
{
    public void Configure(EntityTypeBuilder<CatalogChange> builder)
    {
        builder.ToTable("CatalogChanges");
        builder.HasKey(c => c.Id);
        builder.HasIndex(c => c.ChangedAt);
    }
}

/// Adds a <see cref="CatalogChange"/> for every dataset whose row or resources a save adds, modifies or deletes, in
/// that same save: whatever path writes the catalog through EF Core is recorded without having to remember to.
/// Writes that bypass EF Core (the bulk import's prepared inserts) record one whole-catalog change themselves.
public sealed class CatalogChangeRecorder(NodeIdentity node, TimeProvider time) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Record(DbContext? context)
    {
        if (context is not KaifangDbContext db)
        {
            return;
        }
        db.ChangeTracker.DetectChanges();
        var changed = new HashSet<Guid>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            switch (entry.Entity)
            {
                case Dataset dataset:
                    changed.Add(dataset.Id);
                    break;
                case Resource resource:
                    changed.Add(resource.DatasetId);
                    // A resource moved to another dataset changes both.
                    if (entry.State == EntityState.Modified && entry.Property(nameof(Resource.DatasetId)).OriginalValue is Guid before)
                    {
                        changed.Add(before);
                    }
                    break;
            }
        }
        if (changed.Count == 0)
        {
            return;
        }
        var now = time.GetUtcNow();
        db.CatalogChanges.AddRange(changed.Select(id => new CatalogChange { DatasetId = id, Node = node.Id, ChangedAt = now }));
    }
}
