namespace Kaifang.Interop.Harvesting;

/// One run of a harvest source: what it created, updated, withdrew and left alone, and every
/// error, per record, so that an operator can see what did not come across and why.
public sealed class HarvestRun
{
    public Guid Id { get; set; }
    public Guid SourceId { get; set; }
    public HarvestSource? Source { get; set; }

    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public HarvestRunStatus Status { get; set; } = HarvestRunStatus.Running;

    /// Only what changed since this moment was asked for; null for a full run.
    public DateTimeOffset? ChangedSince { get; set; }

    public int Created { get; set; }
    public int Updated { get; set; }
    public int Withdrawn { get; set; }
    public int Unchanged { get; set; }

    /// Why the whole run failed (the source could not be reached or answered garbage).
    public string? Message { get; set; }

    public List<HarvestRunError> Errors { get; set; } = [];
}

public enum HarvestRunStatus
{
    Running = 0,
    /// Every record came across.
    Succeeded = 1,
    /// The run finished, but some records did not come across (see the errors).
    SucceededWithErrors = 2,
    /// The source could not be read; nothing local was changed after the failure.
    Failed = 3,
}

/// A record that did not come across, and why.
public sealed class HarvestRunError
{
    public long Id { get; set; }
    public Guid RunId { get; set; }

    /// The record as the source names it (its id, name or IRI); empty for a source-wide error.
    public required string Record { get; set; }
    public required string Message { get; set; }
}
