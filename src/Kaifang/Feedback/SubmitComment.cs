using System.Security.Cryptography;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kaifang.Feedback;

/// What a member of the public fills in. <see cref="Website"/> is the honeypot: hidden from people, filled by robots.
public sealed record CommentInput(string? Dataset, string? Agency, string? Kind, string? Subject, string? Body, string? Email, string? Website = null);

/// A saved comment and the key its commenter uses to answer again.
public sealed record SubmittedComment(Comment Comment, string FollowUpKey);

/// A comment from the public (ACTION-PLAN S10): checked, routed to the dataset's agency and its handler,
/// given its deadline, and told to those who must answer it. No account is needed.
public sealed class SubmitComment(
    KaifangDbContext db, AgencyDirectory agencies, OfficeCalendars calendars, FeedbackPeople people,
    IOptions<FeedbackOptions> options, IOptions<KaifangOptions> kaifang, TimeProvider time)
{
    public async Task<CatalogResult<SubmittedComment>> SubmitAsync(CommentInput input, string? senderAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = options.Value;
        var now = time.GetUtcNow();
        var errors = new ValidationErrors();

        var kind = CommentKinds.Parse(input.Kind);
        if (kind is null)
        {
            errors.Add("kind", "請選擇意見類型：data-error、update-request、new-data-request、question 或 other。",
                "Choose the kind of comment: data-error, update-request, new-data-request, question or other.");
        }
        var body = (input.Body ?? "").Trim();
        if (body.Length == 0)
        {
            errors.Add("body", "請填寫意見內容。", "Write your comment.");
        }
        else if (body.Length > settings.MaxBodyLength)
        {
            errors.Add("body", $"意見內容最多 {settings.MaxBodyLength} 字，目前 {body.Length} 字；請精簡後再送出。",
                $"A comment may be at most {settings.MaxBodyLength} characters; this one has {body.Length}. Shorten it and send it again.");
        }
        var subject = (input.Subject ?? "").Trim();
        if (subject.Length > settings.MaxSubjectLength)
        {
            errors.Add("subject", $"標題最多 {settings.MaxSubjectLength} 字，目前 {subject.Length} 字。",
                $"The subject may be at most {settings.MaxSubjectLength} characters; it has {subject.Length}.");
        }
        var email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
        if (email is not null && !EmailAddresses.IsValid(email))
        {
            errors.Add("email", $"「{email}」不是有效的電子郵件地址；不需要回覆通知時可留空。",
                $"'{email}' is not a valid e-mail address; leave it empty if you do not want the reply by e-mail.");
        }

        Guid? datasetId = null;
        int agencyId;
        if (!string.IsNullOrWhiteSpace(input.Dataset))
        {
            var key = input.Dataset.Trim();
            var dataset = await db.Datasets.AsNoTracking().Named(key).Select(d => new { d.Id, d.AgencyId, d.Status }).FirstOrDefaultAsync(cancellationToken);
            if (dataset is null || dataset.Status != DatasetStatus.Published)
            {
                errors.Add("dataset", $"找不到公開的資料集「{key}」。", $"There is no published dataset '{key}'.");
                agencyId = 0;
            }
            else
            {
                datasetId = dataset.Id;
                agencyId = dataset.AgencyId;
            }
        }
        else if (!string.IsNullOrWhiteSpace(input.Agency))
        {
            var agency = agencies.Tree.FindByCode(input.Agency.Trim());
            if (agency is null)
            {
                errors.Add("agency", $"沒有代碼為「{input.Agency}」的機關；可用的代碼：{string.Join("、", agencies.Tree.All.Select(a => a.Code))}。",
                    $"There is no agency '{input.Agency}'; the codes are {string.Join(", ", agencies.Tree.All.Select(a => a.Code))}.");
            }
            agencyId = agency?.Id ?? 0;
        }
        else
        {
            // A general comment with no agency chosen goes to the ministry, which passes it on.
            agencyId = agencies.Tree.Roots.Count > 0 ? agencies.Tree.Roots[0].Id : 0;
        }
        if (!errors.IsValid)
        {
            return CatalogResult<SubmittedComment>.Invalid(errors);
        }

        var sender = SenderLimit.SenderOf(senderAddress);
        if (await TooManyAsync(sender, now, settings, cancellationToken) is { } limit)
        {
            return CatalogResult<SubmittedComment>.TooMany(limit);
        }

        var receivedOn = ReplyDeadline.TaipeiDate(now);
        var deadline = await calendars.DeadlineAsync(receivedOn, receivedOn, cancellationToken);
        var held = SpamCheck.Reason(subject, body, input.Website, settings);
        var route = await db.FeedbackRoutes.AsNoTracking().FirstOrDefaultAsync(r => r.AgencyId == agencyId, cancellationToken);
        var handler = route is null || held is not null ? null : await people.HandlerAsync(route.HandlerId, agencyId, cancellationToken);
        var comment = new Comment
        {
            Id = Guid.CreateVersion7(now),
            Reference = "",
            DatasetId = datasetId,
            AgencyId = agencyId,
            Kind = kind!.Value,
            Subject = subject.Length > 0 ? subject : Summary(body),
            Body = body,
            AuthorEmail = email,
            Origin = CommentOrigin.Portal,
            ReceivedAt = now,
            ReceivedOn = receivedOn,
            DueOn = deadline.DueOn(receivedOn),
            Status = handler is null ? CommentStatus.Received : CommentStatus.Assigned,
            HandlerId = handler?.Id,
            Moderation = held is null ? ModerationState.Visible : ModerationState.Held,
            ModerationReason = held,
            SenderHash = sender,
            ModifiedAt = now,
        };
        comment.Messages.Add(new CommentMessage { Kind = CommentMessageKind.FromCommenter, Body = body, CreatedAt = now });
        var followUpKey = FollowUpKeys.Issue(comment);

        await SaveWithReferenceAsync(db, comment, cancellationToken);
        // The notices carry the reference, which is known only once saved.
        var notices = new FeedbackNotices(db, BaseUrl);
        if (held is not null)
        {
            notices.Held(await people.ModeratorsAsync(agencyId, cancellationToken), comment, now);
        }
        else
        {
            notices.NewComment(handler?.Email is { } to ? [to] : await people.AgencyDeskAsync(agencyId, cancellationToken), comment, now);
        }
        notices.Receipt(comment, followUpKey, now);
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<SubmittedComment>.Ok(new SubmittedComment(comment, followUpKey));
    }

    private string BaseUrl => (kaifang.Value.PublicBaseUrl ?? "").TrimEnd('/');

    private async Task<ValidationErrors?> TooManyAsync(string sender, DateTimeOffset now, FeedbackOptions settings, CancellationToken cancellationToken)
    {
        var dayAgo = now.AddDays(-1);
        var times = await db.Comments.AsNoTracking().Where(c => c.SenderHash == sender && c.ReceivedAt > dayAgo)
            .Select(c => c.ReceivedAt).ToListAsync(cancellationToken);
        var errors = new ValidationErrors();
        if (new SenderLimit(settings.MaxCommentsPerHour, time).MinutesToWait(times) is { } wait)
        {
            errors.Add("rate", $"同一來源一小時內最多送出 {settings.MaxCommentsPerHour} 則意見；請於 {wait} 分鐘後再試，您填寫的內容仍保留在表單中。",
                $"At most {settings.MaxCommentsPerHour} comments an hour may come from one address; try again in {wait} minutes. What you wrote is still in the form.");
            return errors;
        }
        if (times.Count >= settings.MaxCommentsPerDay)
        {
            errors.Add("rate", $"同一來源一天內最多送出 {settings.MaxCommentsPerDay} 則意見；請明天再試，或來電聯絡機關。",
                $"At most {settings.MaxCommentsPerDay} comments a day may come from one address; try again tomorrow, or call the agency.");
            return errors;
        }
        return null;
    }

    private static string Summary(string body)
    {
        var line = body.Split('\n', 2)[0].Trim();
        return line.Length <= 40 ? line : string.Concat(line.AsSpan(0, 40), "…");
    }

    /// Gives the comment the next reference of its year (FB-2026-000042) and saves it; two comments
    /// saved at the same moment cannot take the same number: the unique index refuses one, which takes the next.
    internal static async Task SaveWithReferenceAsync(KaifangDbContext db, Comment comment, CancellationToken cancellationToken)
    {
        var prefix = $"FB-{comment.ReceivedOn.Year}-";
        for (var attempt = 0; ; attempt++)
        {
            var last = await db.Comments.AsNoTracking().Where(c => c.Reference.StartsWith(prefix))
                .OrderByDescending(c => c.Reference).Select(c => c.Reference).FirstOrDefaultAsync(cancellationToken);
            var next = last is null ? 1 : int.Parse(last.AsSpan(prefix.Length), System.Globalization.CultureInfo.InvariantCulture) + 1;
            comment.Reference = $"{prefix}{next:D6}";
            if (db.Entry(comment).State == EntityState.Detached)
            {
                db.Comments.Add(comment);
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException e) when (attempt < 50 && DatabaseErrors.IsUniqueViolation(e))
            {
                await Task.Delay(DatabaseErrors.Backoff(attempt), cancellationToken);
            }
        }
    }
}
