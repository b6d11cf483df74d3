using Kaifang.Accounts;
using Kaifang.Catalog;
using Kaifang.Feedback;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kaifang.Promotion;

/// What the public fills in to show a reuse. Datasets: names or identifiers of published datasets (one or more).
/// <see cref="Website"/> is the honeypot.
public sealed record ShowcaseInput(string? Title, string? Kind, string? Url, string? Description, string? AuthorName, string? AuthorEmail,
    IReadOnlyList<string>? Datasets, string? Website = null);

/// The showcase of reuses (應用展示): submitted by anyone, approved or rejected by an admin of an agency
/// owning one of the datasets it uses, shown in public once approved.
public sealed class Showcases(KaifangDbContext db, FeedbackPeople people, IOptions<PromotionOptions> options, TimeProvider time)
{
    public async Task<CatalogResult<Showcase>> SubmitAsync(ShowcaseInput input, string? senderAddress, string baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = time.GetUtcNow();
        var errors = new ValidationErrors();
        errors.Required("title", input.Title, "名稱", "The title");
        errors.MaxLength("title", input.Title, 200);
        var kind = PromotionKinds.ParseShowcase(input.Kind);
        if (kind is null)
        {
            errors.Add("kind", "類型應為 app（應用程式）、visualisation（視覺化）、article（文章）、research（研究）或 other（其他）。",
                "kind must be app, visualisation, article, research or other.");
        }
        var url = (input.Url ?? "").Trim();
        if (url.Length == 0)
        {
            errors.Add("url", "請填寫作品的網址。", "The address (URL) of the work is required.");
        }
        else if (!PromotionEvents.IsWebAddress(url) || url.Length > 1000)
        {
            errors.Add("url", $"「{url}」不是 http 或 https 網址；請填寫以 https:// 開頭的完整網址。", $"'{url}' is not an http or https address; give the full address starting with https://.");
        }
        errors.MaxLength("description", input.Description, options.Value.MaxDescriptionLength);
        errors.Required("authorName", input.AuthorName, "作者名稱", "The author's name");
        errors.MaxLength("authorName", input.AuthorName, 100);
        var email = (input.AuthorEmail ?? "").Trim();
        if (email.Length == 0)
        {
            errors.Add("authorEmail", "請填寫電子郵件，以便通知審核結果（不會公開）。", "The e-mail address is required, to tell you the decision (it is never shown).");
        }
        else if (!EmailAddresses.IsValid(email))
        {
            errors.Add("authorEmail", $"「{email}」不是有效的電子郵件地址。", $"'{email}' is not a valid e-mail address.");
        }
        var datasets = await PromotionEvents.DatasetsAsync(db, input.Datasets, errors, cancellationToken);
        if (datasets.Count == 0 && errors.For("datasets").Count == 0)
        {
            errors.Add("datasets", "請至少填寫一個所使用的資料集（名稱或識別碼）。", "Name at least one dataset the work uses (its name or identifier).");
        }
        if (!errors.IsValid)
        {
            return CatalogResult<Showcase>.Invalid(errors);
        }

        var sender = SenderLimit.SenderOf(senderAddress);
        var limit = options.Value.MaxShowcasesPerHour;
        var sent = db.Showcases.AsNoTracking().Where(s => s.SenderHash == sender).Select(s => s.SubmittedAt);
        if (await new SenderLimit(limit, time).MinutesToWaitAsync(sent, cancellationToken) is { } wait)
        {
            var tooMany = new ValidationErrors();
            tooMany.Add("rate", $"同一來源一小時內最多提交 {limit} 件應用展示；請於 {wait} 分鐘後再試。", $"At most {limit} showcases an hour may come from one address; try again in {wait} minutes.");
            return CatalogResult<Showcase>.TooMany(tooMany);
        }

        var showcase = new Showcase
        {
            Id = Guid.CreateVersion7(now),
            Title = input.Title!.Trim(),
            Kind = kind!.Value,
            Url = url,
            Description = (input.Description ?? "").Trim(),
            AuthorName = input.AuthorName!.Trim(),
            AuthorEmail = email,
            Status = ShowcaseStatus.Pending,
            HeldReason = string.IsNullOrWhiteSpace(input.Website) ? null : "filled the hidden field people do not see (a form-filling robot)",
            SubmittedAt = now,
            SenderHash = sender,
            Datasets = [.. datasets.Select(d => new ShowcaseDataset { DatasetId = d.Id, AgencyId = d.AgencyId })],
        };
        db.Showcases.Add(showcase);
        // One that looks like a robot's waits in the queue without bothering anyone.
        if (showcase.HeldReason is null)
        {
            var approvers = new List<string>();
            foreach (var agencyId in datasets.Select(d => d.AgencyId).Distinct())
            {
                approvers.AddRange(await ApproversAsync(agencyId, cancellationToken));
            }
            PromotionNotices.ShowcaseSubmitted(db, baseUrl, approvers, showcase, now);
        }
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<Showcase>.Ok(showcase);
    }

    /// Approves (shown at once) or rejects (with a reason for the author) a pending showcase; the author is told by e-mail.
    public async Task<CatalogResult<Showcase>> DecideAsync(StaffScope staff, Guid id, bool approve, string? reason, string baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        var showcase = await db.Showcases.Include(s => s.Datasets).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (showcase is null)
        {
            return CatalogResult<Showcase>.NotFound();
        }
        if (!MayDecide(staff, showcase))
        {
            return CatalogResult<Showcase>.Forbidden();
        }
        var why = (reason ?? "").Trim();
        if (!approve && why.Length == 0)
        {
            return CatalogResult<Showcase>.Invalid("reason", "退回時請填寫原因，作者會收到這段說明。", "Give the reason for rejecting it; the author is sent it.");
        }
        if (why.Length > 1000)
        {
            return CatalogResult<Showcase>.Invalid("reason", $"原因最多 1000 字，目前 {why.Length} 字。", $"The reason may be at most 1000 characters; it has {why.Length}.");
        }
        if (showcase.Status != ShowcaseStatus.Pending && (showcase.Status == ShowcaseStatus.Approved) == approve)
        {
            return CatalogResult<Showcase>.Conflict("status", $"這件應用展示已經{PromotionKinds.Display(showcase.Status, false)}。", $"This showcase is already {PromotionKinds.Name(showcase.Status)}.");
        }
        var now = time.GetUtcNow();
        showcase.Status = approve ? ShowcaseStatus.Approved : ShowcaseStatus.Rejected;
        showcase.DecisionReason = why.Length > 0 ? why : null;
        showcase.DecidedBy = staff.UserName;
        showcase.DecidedAt = now;
        showcase.HeldReason = null;
        PromotionNotices.ShowcaseDecided(db, baseUrl, showcase, now);
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<Showcase>.Ok(showcase);
    }

    /// An admin of an agency that owns any of the datasets used (or of an agency above it).
    public static bool MayDecide(StaffScope staff, Showcase showcase)
    {
        ArgumentNullException.ThrowIfNull(staff);
        ArgumentNullException.ThrowIfNull(showcase);
        return showcase.Datasets.Any(d => staff.Can(StaffAction.ModerateShowcases, d.AgencyId));
    }

    /// Approved showcases, newest first, optionally of an agency's datasets or of one dataset.
    public async Task<IReadOnlyList<Showcase>> ApprovedAsync(int? agencyId, Guid? datasetId, CancellationToken cancellationToken)
    {
        var query = db.Showcases.AsNoTracking().Include(s => s.Datasets).Where(s => s.Status == ShowcaseStatus.Approved);
        if (agencyId is { } agency)
        {
            query = query.Where(s => s.Datasets.Any(d => d.AgencyId == agency));
        }
        if (datasetId is { } dataset)
        {
            query = query.Where(s => s.Datasets.Any(d => d.DatasetId == dataset));
        }
        var list = await query.ToListAsync(cancellationToken);
        return [.. list.OrderByDescending(s => s.DecidedAt ?? s.SubmittedAt).ThenBy(s => s.Id)];
    }

    /// Showcases the member of staff may decide on: pending first (oldest first), then the latest decided.
    public async Task<IReadOnlyList<Showcase>> ForStaffAsync(StaffScope staff, bool pendingOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        var query = db.Showcases.AsNoTracking().Include(s => s.Datasets).AsQueryable();
        if (pendingOnly)
        {
            query = query.Where(s => s.Status == ShowcaseStatus.Pending);
        }
        var list = await query.OrderByDescending(s => s.SubmittedAt).Take(1000).ToListAsync(cancellationToken);
        var mine = list.Where(s => MayDecide(staff, s)).ToList();
        return [.. mine.Where(s => s.Status == ShowcaseStatus.Pending).OrderBy(s => s.SubmittedAt),
            .. mine.Where(s => s.Status != ShowcaseStatus.Pending).OrderByDescending(s => s.DecidedAt)];
    }

    /// Names and titles of published datasets by id, for showing what a showcase uses.
    public async Task<IReadOnlyDictionary<Guid, (string Name, string Title, int AgencyId)>> DatasetNamesAsync(IEnumerable<Showcase> showcases, CancellationToken cancellationToken)
    {
        var ids = showcases.SelectMany(s => s.Datasets.Select(d => d.DatasetId)).Distinct().ToList();
        var found = await db.Datasets.AsNoTracking().Where(d => ids.Contains(d.Id) && d.Status == DatasetStatus.Published)
            .Select(d => new { d.Id, d.Name, d.Title, d.AgencyId }).ToListAsync(cancellationToken);
        return found.ToDictionary(d => d.Id, d => (d.Name, d.Title, d.AgencyId));
    }

    private async Task<List<string>> ApproversAsync(int agencyId, CancellationToken cancellationToken)
    {
        var all = (await people.WhoMayAsync(StaffAction.ModerateShowcases, agencyId, cancellationToken)).Where(u => u.Role == StaffRole.AgencyAdmin).ToList();
        var own = all.Where(u => u.AgencyId == agencyId).ToList();
        return [.. (own.Count > 0 ? own : all).Where(u => !string.IsNullOrEmpty(u.Email)).Select(u => u.Email!)];
    }
}
