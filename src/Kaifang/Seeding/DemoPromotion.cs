using Kaifang.Catalog;
using Kaifang.Promotion;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Seeding;

/// Two events (one coming, one held) and three approved showcases on the demo catalog's well-known
/// datasets, dated from today and marked as sample data. No one is registered: nothing is ever sent for them.
public static class DemoPromotion
{
    private sealed record SampleShowcase(string Title, ShowcaseKind Kind, string Url, string Description, string Author, string[] Datasets, int DaysAgo);

    private static readonly SampleShowcase[] Showcases =
    [
        new("最低工資試算小幫手", ShowcaseKind.App, "https://example.org/minimum-wage-calculator",
            "依歷年最低工資與勞保投保薪資分級表，試算月薪、時薪與應投保等級的網頁工具。", "開放資料愛好者社群", ["最低工資歷年調整", "勞工保險投保薪資分級表"], 30),
        new("職業災害地圖", ShowcaseKind.Visualisation, "https://example.org/occupational-accidents-map",
            "以互動圖表呈現各行業歷年職業災害人數與趨勢。", "資料視覺化工作室", ["職業災害統計"], 21),
        new("從就業服務站據點看求職資源分布", ShowcaseKind.Article, "https://example.org/employment-stations-article",
            "分析公立就業服務機構據點與人口分布，討論偏遠地區的求職資源。", "林小明", ["公立就業服務機構（就業服務站）據點"], 9),
    ];

    public static async Task SeedAsync(KaifangDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var titles = Showcases.SelectMany(s => s.Datasets).Append("職業訓練課程").Distinct().ToList();
        var datasets = await db.Datasets.Where(d => d.IsSample && d.Status == DatasetStatus.Published && titles.Contains(d.Title))
            .Select(d => new { d.Id, d.Title, d.AgencyId }).ToListAsync(cancellationToken);
        var agencies = await db.Agencies.Select(a => new { a.Id, a.Code }).ToDictionaryAsync(a => a.Code, a => a.Id, cancellationToken);
        if (!agencies.TryGetValue("MOL", out var ministry) || !agencies.TryGetValue("WDA", out var wda))
        {
            return;
        }

        // Whole hours in Taipei: 14:00 three weeks from now, and 09:30 five weeks ago.
        var taipeiToday = Feedback.ReplyDeadline.TaipeiDate(now);
        DateTimeOffset At(int days, int hour, int minute) =>
            new DateTimeOffset(taipeiToday.AddDays(days).ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(8)).ToUniversalTime();
        var upcoming = new PromotionEvent
        {
            Id = Guid.CreateVersion7(now),
            AgencyId = ministry,
            Title = "勞動部開放資料說明會：最低工資與勞保資料的應用",
            Kind = EventKind.ExplanatorySession,
            Description = "介紹最低工資歷年調整、勞工保險投保薪資分級表等資料集的內容與 API 使用方式，並開放現場交流。",
            StartsAt = At(21, 14, 0),
            EndsAt = At(21, 16, 30),
            Venue = "勞動部 1 樓大禮堂（臺北市大同區延平北路二段83號）",
            OnlineUrl = "https://example.org/live/mol-open-data",
            Capacity = 80,
            RegistrationClosesAt = At(19, 17, 0),
            IsSample = true,
            CreatedBy = DemoCatalog.SystemUser,
            CreatedAt = now,
            ModifiedAt = now,
        };
        var past = new PromotionEvent
        {
            Id = Guid.CreateVersion7(now.AddSeconds(1)),
            AgencyId = wda,
            Title = "就業資料應用工作坊",
            Kind = EventKind.Workshop,
            Description = "實作以就業服務站據點與職業訓練課程資料製作地圖與查詢服務。",
            StartsAt = At(-35, 9, 30),
            EndsAt = At(-35, 12, 0),
            Venue = "勞動力發展署 3 樓研習教室",
            Capacity = 30,
            RegistrationClosesAt = At(-37, 17, 0),
            IsSample = true,
            CreatedBy = DemoCatalog.SystemUser,
            CreatedAt = now,
            ModifiedAt = now,
        };
        foreach (var (e, about) in new[] { (upcoming, new[] { "最低工資歷年調整", "勞工保險投保薪資分級表" }), (past, new[] { "公立就業服務機構（就業服務站）據點", "職業訓練課程" }) })
        {
            e.Datasets.AddRange(datasets.Where(d => about.Contains(d.Title)).Select(d => new EventDataset { EventId = e.Id, DatasetId = d.Id }));
            db.PromotionEvents.Add(e);
        }

        foreach (var sample in Showcases)
        {
            var used = datasets.Where(d => sample.Datasets.Contains(d.Title)).ToList();
            if (used.Count == 0)
            {
                continue;
            }
            var submitted = now.AddDays(-sample.DaysAgo);
            db.Showcases.Add(new Showcase
            {
                Id = Guid.CreateVersion7(submitted),
                Title = sample.Title,
                Kind = sample.Kind,
                Url = sample.Url,
                Description = sample.Description,
                AuthorName = sample.Author,
                // example.org is reserved (RFC 2606): no mail reaches anyone.
                AuthorEmail = "showcase@example.org",
                Status = ShowcaseStatus.Approved,
                DecidedBy = DemoCatalog.SystemUser,
                DecidedAt = submitted.AddDays(2),
                SubmittedAt = submitted,
                IsSample = true,
                Datasets = [.. used.Select(d => new ShowcaseDataset { DatasetId = d.Id, AgencyId = d.AgencyId })],
            });
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
