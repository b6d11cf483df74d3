using Kaifang.Catalog;
using Kaifang.Feedback;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Seeding;

/// A few comments on the demo catalog's well-known datasets, dated from today, so the feedback pages
/// show each state at first start: replied on time, replied late, awaiting a reply, overdue, reopened.
/// The commenters have no e-mail address: nothing is ever sent to anyone for them.
public static class DemoFeedback
{
    private sealed record Sample(string DatasetTitle, CommentKind Kind, string Subject, string Body, int DaysAgo, int? RepliedOnDay, string? Reply, string? Answer = null);

    private static readonly Sample[] Samples =
    [
        new("勞工保險投保薪資分級表", CommentKind.UpdateRequest, "請更新為今年度的分級表", "分級表的第1級金額似乎還是去年的，請更新為配合今年最低工資調整後的版本。", 20, 3,
            "感謝您的提醒。分級表已於今日更新，第1級為29,500元，請重新下載。"),
        new("最低工資歷年調整", CommentKind.Question, "是否提供時薪的歷年資料？", "資料集有月薪的歷年金額，請問是否也能提供每小時基本工資的歷年資料？", 15, 2,
            "本資料集已含「每小時最低工資」欄位，自86年起逐年列示，歡迎使用。"),
        new("職業災害統計", CommentKind.DataError, "113年製造業死亡人數疑有誤", "113年製造業的死亡人數與年報公布數字不一致，請協助確認。", 12, 8,
            "經查係彙整時誤植，已更正並重新上架，造成不便敬請見諒。"),
        new("公立就業服務機構（就業服務站）據點", CommentKind.DataError, "新店就業服務站電話", "新店就業服務站的電話好像已經更換，撥打不通。", 10, null, null),
        new("職業災害統計", CommentKind.NewDataRequest, "希望提供按縣市區分的統計", "希望能提供各縣市的職業災害人數，方便地方政府規劃勞動檢查。", 2, null, null),
        new("勞工保險投保薪資分級表", CommentKind.Question, "部分工時的投保等級", "部分工時勞工可以用哪些等級投保？表中似乎沒有說明。", 6, 1,
            "部分工時勞工得以11,100元至28,590元之各級投保，詳見分級表附註。", "附註的 PDF 檔連結失效，請再確認。"),
    ];

    public static async Task SeedAsync(KaifangDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var titles = Samples.Select(s => s.DatasetTitle).Distinct().ToList();
        var datasets = await db.Datasets.Where(d => d.IsSample && d.Status == DatasetStatus.Published && titles.Contains(d.Title))
            .Select(d => new { d.Id, d.Title, d.AgencyId, AgencyName = d.Agency!.Name }).ToListAsync(cancellationToken);
        var deadline = new ReplyDeadline(6, DayCounting.CalendarDays, OfficeCalendar.WeekdaysOnly);
        foreach (var sample in Samples)
        {
            var dataset = datasets.FirstOrDefault(d => d.Title == sample.DatasetTitle);
            if (dataset is null)
            {
                continue;
            }
            var receivedAt = now.AddDays(-sample.DaysAgo).AddHours(-3);
            var receivedOn = ReplyDeadline.TaipeiDate(receivedAt);
            var comment = new Comment
            {
                Id = Guid.CreateVersion7(receivedAt),
                Reference = "",
                DatasetId = dataset.Id,
                AgencyId = dataset.AgencyId,
                Kind = sample.Kind,
                Subject = sample.Subject,
                Body = sample.Body,
                Origin = CommentOrigin.Portal,
                ReceivedAt = receivedAt,
                ReceivedOn = receivedOn,
                DueOn = deadline.DueOn(receivedOn),
                Status = CommentStatus.Received,
                Moderation = ModerationState.Visible,
                ModifiedAt = receivedAt,
            };
            comment.Messages.Add(new CommentMessage { Kind = CommentMessageKind.FromCommenter, Body = sample.Body, CreatedAt = receivedAt });
            if (sample.RepliedOnDay is { } day && sample.Reply is { } reply)
            {
                var repliedAt = receivedAt.AddDays(day - 1).AddHours(1);
                comment.Messages.Add(new CommentMessage { Kind = CommentMessageKind.Reply, Body = reply, SignedAs = dataset.AgencyName, CreatedAt = repliedAt });
                comment.FirstRepliedAt = repliedAt;
                comment.FirstRepliedOn = ReplyDeadline.TaipeiDate(repliedAt);
                comment.DaysToReply = deadline.DayNumber(receivedOn, comment.FirstRepliedOn.Value);
                comment.Status = CommentStatus.Replied;
                comment.ModifiedAt = repliedAt;
                if (sample.Answer is { } answer)
                {
                    var answeredAt = repliedAt.AddDays(1);
                    comment.Messages.Add(new CommentMessage { Kind = CommentMessageKind.FromCommenter, Body = answer, CreatedAt = answeredAt });
                    comment.Status = CommentStatus.Reopened;
                    comment.FollowUpDueOn = deadline.DueOn(ReplyDeadline.TaipeiDate(answeredAt));
                    comment.ModifiedAt = answeredAt;
                }
            }
            await SubmitComment.SaveWithReferenceAsync(db, comment, cancellationToken);
        }
    }
}
