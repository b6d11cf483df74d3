namespace Kaifang.Auditing;

/// One change to the catalog: who, when, what, and each changed field before and after.
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? UserId { get; set; }
    public required string UserName { get; set; }

    /// The kind of thing changed, e.g. "Dataset" or "Resource".
    public required string EntityType { get; set; }
    public Guid EntityId { get; set; }

    /// The dataset the change belongs to, so a dataset's history includes its resources.
    public Guid? DatasetId { get; set; }
    public AuditAction Action { get; set; }
    public List<FieldChange> Changes { get; set; } = [];
}

public enum AuditAction
{
    Created = 0,
    Updated = 1,
    Deleted = 2,
    Published = 3,
    Withdrawn = 4,
    Imported = 5,
}

public sealed record FieldChange(string Field, string? Before, string? After);
