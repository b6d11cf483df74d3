namespace Kaifang.Promotion;

/// An application, visualisation, article or study that uses the datasets (應用展示, ACTION-PLAN S11),
/// submitted by the public and shown once an admin of an agency owning one of its datasets approves it.
public sealed class Showcase
{
    public Guid Id { get; set; }
    public required string Title { get; set; }
    public ShowcaseKind Kind { get; set; }
    public required string Url { get; set; }
    public string Description { get; set; } = "";

    /// Shown with the showcase.
    public required string AuthorName { get; set; }

    /// For telling the author of the decision; never shown in public.
    public required string AuthorEmail { get; set; }
    public ShowcaseStatus Status { get; set; }

    /// Why it was rejected, told to the author.
    public string? DecisionReason { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    /// Why it looks like a robot's (the hidden field was filled); such a submission waits without notices.
    public string? HeldReason { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public string? SenderHash { get; set; }
    public bool IsSample { get; set; }

    public List<ShowcaseDataset> Datasets { get; set; } = [];
}

public enum ShowcaseKind
{
    App = 0,
    Visualisation = 1,
    Article = 2,
    Research = 3,
    Other = 4,
}

public enum ShowcaseStatus
{
    Pending = 0,
    Approved = 1,
    Rejected = 2,
}

/// A dataset a showcase uses, with the dataset's agency at the time, which decides who may approve it.
public sealed class ShowcaseDataset
{
    public Guid ShowcaseId { get; set; }
    public Guid DatasetId { get; set; }
    public int AgencyId { get; set; }
}
