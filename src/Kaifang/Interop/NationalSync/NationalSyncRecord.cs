namespace Kaifang.Interop.NationalSync;

/// One dataset of one agency as the national platform has it: the metadata due to be sent or last
/// sent (and its hash), the id the platform gave it, and how the last attempt went.
public sealed class NationalSyncRecord
{
    public Guid Id { get; set; }

    /// Not a foreign key: the record outlives a dataset deleted for good, whose copy must still be removed.
    public Guid DatasetId { get; set; }
    public int AgencyId { get; set; }

    /// The dataset's identifier and title when last seen, to show after it is gone.
    public required string Identifier { get; set; }
    public required string Title { get; set; }

    public NationalSyncStatus Status { get; set; }

    /// What the next (or last) attempt does.
    public NationalSyncOperation Operation { get; set; }

    /// The metadata JSON due to be sent, or last sent, and its SHA-256 (hex).
    public string? Payload { get; set; }
    public string? PayloadHash { get; set; }

    /// The hash of the metadata the platform last accepted; null before the first success.
    public string? SyncedHash { get; set; }

    /// The platform's own id of the dataset (its datasetId), from its answer to the create.
    public string? NationalId { get; set; }

    public DateTimeOffset QueuedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset? SyncedAt { get; set; }

    /// Why the last attempt failed, in the platform's words where it gave any.
    public string? LastError { get; set; }
    public int? LastHttpStatus { get; set; }
}

public enum NationalSyncStatus
{
    /// Waiting to be sent (a first attempt, or a retry after a failure).
    Pending = 0,
    /// The platform has what Kaifang has.
    InSync = 1,
    /// Every attempt failed; an administrator retries it, or a later change queues it again.
    Failed = 2,
    /// Removed from the platform (or never there) after the dataset was withdrawn or deleted.
    Removed = 3,
}

public enum NationalSyncOperation
{
    Create = 0,
    Update = 1,
    Delete = 2,
}
