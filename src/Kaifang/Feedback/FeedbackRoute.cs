namespace Kaifang.Feedback;

/// Who answers an agency's comments by default: a new comment is assigned to this handler at once.
/// An agency without one keeps new comments "received" until its staff take or assign them.
public sealed class FeedbackRoute
{
    public int AgencyId { get; set; }
    public Guid HandlerId { get; set; }
}
