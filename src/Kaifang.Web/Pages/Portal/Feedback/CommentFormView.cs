using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Feedback;

namespace Kaifang.Web.Pages.Portal.Feedback;

/// What the comment form needs: what was typed (kept when it is refused), its errors, and whether it is about a dataset.
public sealed record CommentFormView(CommentInput Input, ValidationErrors? Errors, string? Dataset, AgencyTree Tree, int ReplyDays);
