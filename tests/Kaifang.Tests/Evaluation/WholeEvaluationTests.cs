using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Datastore;
using Kaifang.Feedback;
using Kaifang.Quality;
using Kaifang.Review;
using Kaifang.Storage;
using Kaifang.Tests.Feedback;
using Kaifang.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Evaluation;

/// The 2025 evaluation of the six seeded agencies from inputs made here, every figure worked out by hand
/// under the default rules: 20 points an indicator × min(actual ÷ target, 100%); bonus 5 × the four-star share;
/// bonus 5 × (6 − average days) ÷ 6 when the replies target is met; ranked by score, targets met, accuracy.
public sealed class WholeEvaluationTests : IDisposable
{
    private static readonly TimeSpan Taipei = TimeSpan.FromHours(8);
    private readonly FeedbackAppFactory _app = new(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Six_agencies_are_scored_ranked_and_awarded_as_worked_out_by_hand_and_the_frozen_year_reproduces()
    {
        using var admin = await _app.WithTokenAsync("mol-admin");
        // Targets (meetings, growth, accuracy %, three-star %, replies %); ILOSH has no meetings target, so it plays for 80 points.
        (await admin.PutAsJsonAsync("/api/v1/evaluation/targets", new object[]
        {
            new { agency = "MOL", year = 2025, workingGroupMeetings = 4, growth = 10, accuracyPercent = 90, threeStarPercent = 50, repliesWithinDeadlinePercent = 95 },
            new { agency = "BLI", year = 2025, workingGroupMeetings = 4, growth = 20, accuracyPercent = 90, threeStarPercent = 50, repliesWithinDeadlinePercent = 95 },
            new { agency = "WDA", year = 2025, workingGroupMeetings = 4, growth = 10, accuracyPercent = 90, threeStarPercent = 50, repliesWithinDeadlinePercent = 95 },
            new { agency = "BLF", year = 2025, workingGroupMeetings = 4, growth = 4, accuracyPercent = 90, threeStarPercent = 50, repliesWithinDeadlinePercent = 95 },
            new { agency = "OSHA", year = 2025, workingGroupMeetings = 4, growth = 10, accuracyPercent = 90, threeStarPercent = 50, repliesWithinDeadlinePercent = 95 },
            new { agency = "ILOSH", year = 2025, growth = 2, accuracyPercent = 90, threeStarPercent = 50, repliesWithinDeadlinePercent = 95 },
        })).EnsureSuccessStatusCode();

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
            var tree = scope.ServiceProvider.GetRequiredService<AgencyDirectory>().Tree;
            int Id(string code) => tree.FindByCode(code)!.Id;

            // 1. Working-group meetings with minutes recorded, dated in 2025.
            Meetings(db, Id("MOL"), 4);
            Meetings(db, Id("BLI"), 3);
            Meetings(db, Id("WDA"), 4);
            Meetings(db, Id("OSHA"), 2);
            // Not counted: BLI's meeting without minutes, MOL's in 2024, and an advisory-group meeting.
            db.ReviewMeetings.Add(Meeting(Id("BLI"), new DateOnly(2025, 11, 20), MeetingKind.WorkingGroup, minutes: false));
            db.ReviewMeetings.Add(Meeting(Id("MOL"), new DateOnly(2024, 12, 31), MeetingKind.WorkingGroup, minutes: true));
            db.ReviewMeetings.Add(Meeting(Id("MOL"), new DateOnly(2025, 6, 1), MeetingKind.AdvisoryGroup, minutes: true));

            // 2. Datasets first published in 2025, Taiwan time. MOL's first is 2024-12-31 16:30 UTC = 2025-01-01 00:30 in Taipei: it counts;
            // its extra one of 2025-12-31 16:30 UTC is already 2026 in Taipei: it does not.
            Datasets(db, "MOL", Id("MOL"), [new DateTimeOffset(2024, 12, 31, 16, 30, 0, TimeSpan.Zero), .. Dates(9)]);
            Datasets(db, "MOL-late", Id("MOL"), [new DateTimeOffset(2025, 12, 31, 16, 30, 0, TimeSpan.Zero)]);
            Datasets(db, "BLI", Id("BLI"), Dates(20));
            Datasets(db, "WDA", Id("WDA"), Dates(5));
            Datasets(db, "OSHA", Id("OSHA"), Dates(10));
            Datasets(db, "BLF", Id("BLF"), Dates(4));
            Datasets(db, "ILOSH", Id("ILOSH"), Dates(1));

            // 3 and 4. The frozen quarterly checks: (open, late, broken, wrong, three stars, four stars).
            // MOL: 90, 100, 80, 90 → mean 90; Q4 three stars 6 of 10 = 60%, four stars 2 of 10 = 20%.
            Snapshot(db, Id("MOL"), 1, 10, 1, 0, 0, 5, 1);
            Snapshot(db, Id("MOL"), 2, 10, 0, 0, 0, 5, 1);
            Snapshot(db, Id("MOL"), 3, 10, 1, 1, 0, 6, 2);
            Snapshot(db, Id("MOL"), 4, 10, 0, 0, 1, 6, 2);
            // BLI checked in Q1 and Q2 only: 85 and 95 → mean 90; its last check (Q2): 8 of 20 at three stars = 40%.
            Snapshot(db, Id("BLI"), 1, 20, 1, 1, 1, 8, 0);
            Snapshot(db, Id("BLI"), 2, 20, 0, 1, 0, 8, 0);
            // WDA and OSHA: Q4 only, 100% accurate, 5 of 10 at three stars = 50%.
            Snapshot(db, Id("WDA"), 4, 10, 0, 0, 0, 5, 0);
            Snapshot(db, Id("OSHA"), 4, 10, 0, 0, 0, 5, 0);

            // 5. Comments received in 2025 and their replies (days to reply, on time when replied by the due date).
            // MOL: 4 on time in 1, 2, 3 and 2 days → 100%, average 2. A spam comment never answered is not counted.
            Comment(db, Id("MOL"), new DateOnly(2025, 2, 3), replyDays: 1, onTime: true);
            Comment(db, Id("MOL"), new DateOnly(2025, 4, 7), replyDays: 2, onTime: true);
            Comment(db, Id("MOL"), new DateOnly(2025, 8, 4), replyDays: 3, onTime: true);
            Comment(db, Id("MOL"), new DateOnly(2025, 10, 6), replyDays: 2, onTime: true);
            Comment(db, Id("MOL"), new DateOnly(2025, 10, 7), replyDays: null, onTime: false, spam: true);
            // BLI: one on time in 3 days, one late in 8 → 50%, average 5.5.
            Comment(db, Id("BLI"), new DateOnly(2025, 3, 3), replyDays: 3, onTime: true);
            Comment(db, Id("BLI"), new DateOnly(2025, 9, 1), replyDays: 8, onTime: false);
            // BLF: one on time in 1 day → 100%, average 1. Received in 2024: not counted.
            Comment(db, Id("BLF"), new DateOnly(2025, 5, 5), replyDays: 1, onTime: true);
            Comment(db, Id("BLF"), new DateOnly(2024, 12, 30), replyDays: 9, onTime: false);
            await db.SaveChangesAsync();
        }

        var json = await FeedbackAppFactory.JsonAsync(await admin.GetAsync("/api/v1/evaluation/2025"));
        var agencies = json.GetProperty("agencies").EnumerateArray().ToDictionary(a => a.GetProperty("agency").GetString()!);

        // MOL: meetings 4/4 → 20; growth 10/10 → 20; accuracy 90/90 → 20; three-star 60/50 → 20 (capped); replies 100/95 → 20.
        // Bonus 5 × 20% = 1.00 and 5 × (6 − 2) ÷ 6 = 3.33. Total 104.33, rank 1.
        Expect(agencies["MOL"], actuals: [4, 10, 90, 60, 100], points: [20, 20, 20, 20, 20], bonus: 4.33m, score: 104.33m, max: 100, rank: 1, award: true);
        // BLI: 3/4 → 15; 20/20 → 20; 90/90 → 20; 40/50 → 16; 50/95 = 0.5263 → 10.53. Replies target missed: no speed bonus; four stars 0%.
        // Total 81.53, rank 2.
        Expect(agencies["BLI"], actuals: [3, 20, 90, 40, 50], points: [15, 20, 20, 16, 10.53m], bonus: 0m, score: 81.53m, max: 100, rank: 2, award: true);
        // WDA: 4/4 → 20; 5/10 → 10; 100/90 → 20; 50/50 → 20; no comments → 0. Total 70; three targets met, accuracy 100.
        Expect(agencies["WDA"], actuals: [4, 5, 100, 50, null], points: [20, 10, 20, 20, 0], bonus: 0m, score: 70m, max: 100, rank: 3, award: true);
        // OSHA: 2/4 → 10; 10/10 → 20; 100 → 20; 50 → 20; 0. Total 70; also three targets met and accuracy 100: a true tie with WDA,
        // so both hold rank 3, which is within the three awards.
        Expect(agencies["OSHA"], actuals: [2, 10, 100, 50, null], points: [10, 20, 20, 20, 0], bonus: 0m, score: 70m, max: 100, rank: 3, award: true);
        // BLF: 0/4 → 0; 4/4 → 20; no check → 0; 0; 100/95 → 20; speed bonus 5 × (6 − 1) ÷ 6 = 4.17. Total 44.17, rank 5 (two agencies share 3).
        Expect(agencies["BLF"], actuals: [0, 4, null, null, 100], points: [0, 20, 0, 0, 20], bonus: 4.17m, score: 44.17m, max: 100, rank: 5, award: false);
        // ILOSH: no meetings target (left out of the 100: max 80); growth 1/2 → 10. Total 10, rank 6.
        Expect(agencies["ILOSH"], actuals: [0, 1, null, null, null], points: [0, 10, 0, 0, 0], bonus: 0m, score: 10m, max: 80, rank: 6, award: false);

        // The page shows the same ranking, and each figure drills down to what makes it.
        using var page = await _app.SignedInAsync("mol-admin");
        var html = await page.GetStringAsync("/admin/evaluation?year=2025");
        Assert.Contains("<strong>104.33</strong> / 100", html, StringComparison.Ordinal);
        Assert.Contains("<strong>81.53</strong> / 100", html, StringComparison.Ordinal);
        var meetings = await FeedbackAppFactory.JsonAsync(await admin.GetAsync("/api/v1/evaluation/2025/agencies/BLI/meetings"));
        Assert.Equal(4, meetings.GetProperty("items").GetArrayLength());
        Assert.Equal(3, meetings.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("counts").GetBoolean()));
        var growth = await FeedbackAppFactory.JsonAsync(await admin.GetAsync("/api/v1/evaluation/2025/agencies/MOL/growth"));
        Assert.Equal(10, growth.GetProperty("items").GetArrayLength());
        Assert.Equal("2025-01-01", growth.GetProperty("items")[0].GetProperty("date").GetString());
        var replies = await FeedbackAppFactory.JsonAsync(await admin.GetAsync("/api/v1/evaluation/2025/agencies/BLI/replies?quarter=3"));
        Assert.False(Assert.Single(replies.GetProperty("items").EnumerateArray()).GetProperty("counts").GetBoolean());
        var stars = await FeedbackAppFactory.JsonAsync(await admin.GetAsync("/api/v1/evaluation/2025/agencies/MOL/three-star"));
        Assert.Equal(6, stars.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("counts").GetBoolean()));

        // Per quarter: MOL's accuracy is each quarter's own check; its growth is the quarter's new datasets.
        var quarters = (await FeedbackAppFactory.JsonAsync(await admin.GetAsync("/api/v1/evaluation/2025/quarters"))).EnumerateArray().ToList();
        Assert.Equal(4, quarters.Count);
        decimal? Accuracy(int q, string code) => quarters[q - 1].GetProperty("agencies").EnumerateArray().Single(a => a.GetProperty("agency").GetString() == code)
            .GetProperty("values").GetProperty("accuracyPercent") is { ValueKind: JsonValueKind.Number } v ? v.GetDecimal() : null;
        Assert.Equal([90m, 100m, 80m, 90m], new[] { Accuracy(1, "MOL"), Accuracy(2, "MOL"), Accuracy(3, "MOL"), Accuracy(4, "MOL") });
        Assert.Null(Accuracy(3, "BLI"));

        // The exported ODS and XLSX hold the page's numbers.
        foreach (var (format, tabular) in new[] { ("ods", "ODS"), ("xlsx", "XLSX") })
        {
            var bytes = await admin.GetByteArrayAsync($"/api/v1/evaluation/2025/report?format={format}");
            using var table = await TabularFile.OpenAsync(() => new MemoryStream(bytes), tabular, "UTF-8", CancellationToken.None);
            var rows = table.Rows(CancellationToken.None).Select(r => r.ToArray()).ToList();
            Assert.Equal(["MOL", "BLI", "OSHA", "WDA", "BLF", "ILOSH"], rows.Select(r => r[1]));
            Assert.Equal("104.33", rows[0][^3]);
            Assert.Equal("10.53", rows[1][17]);
            Assert.Equal(["1", "2", "3", "3", "5", "6"], rows.Select(r => r[0]));
        }
        var pdf = await admin.GetByteArrayAsync("/api/v1/evaluation/2025/report?format=pdf");
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
        var quarterly = await admin.GetByteArrayAsync("/api/v1/evaluation/2025/quarters/4/report?format=csv");
        Assert.Contains("季末開放資料集", System.Text.Encoding.UTF8.GetString(quarterly), StringComparison.Ordinal);

        // Freeze 2025; scoring the frozen inputs again and evaluating the year again from live data both give the same answer.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/evaluation/2025/freeze", null)).StatusCode);
        var frozen = await FeedbackAppFactory.JsonAsync(await admin.GetAsync("/api/v1/evaluation/2025/frozen"));
        Assert.True(frozen.GetProperty("rescoredEqual").GetBoolean());
        Assert.True(frozen.GetProperty("liveEqual").GetBoolean());
        Assert.Equal(104.33m, frozen.GetProperty("result").GetProperty("agencies")[0].GetProperty("score").GetDecimal());

        // A meeting recorded late for 2025 changes the live figures, not the frozen ones: the difference is named.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
            db.ReviewMeetings.Add(Meeting(scope.ServiceProvider.GetRequiredService<AgencyDirectory>().Tree.FindByCode("OSHA")!.Id, new DateOnly(2025, 12, 15), MeetingKind.WorkingGroup, minutes: true));
            await db.SaveChangesAsync();
        }
        var after = await FeedbackAppFactory.JsonAsync(await admin.GetAsync("/api/v1/evaluation/2025/frozen"));
        Assert.True(after.GetProperty("rescoredEqual").GetBoolean());
        Assert.False(after.GetProperty("liveEqual").GetBoolean());
        Assert.Contains(after.GetProperty("liveDifferences").EnumerateArray(),
            d => d.GetProperty("agency").GetString() == "OSHA" && d.GetProperty("figure").GetString() == "meetings.actual" && d.GetProperty("stored").GetString() == "2" && d.GetProperty("now").GetString() == "3");
        var report = await admin.GetByteArrayAsync("/api/v1/evaluation/2025/report?format=csv");
        Assert.Contains(",70,100,", System.Text.Encoding.UTF8.GetString(report), StringComparison.Ordinal);

        // An agency's admin may not freeze; the current year cannot be frozen.
        using var agencyAdmin = await _app.WithTokenAsync("bli-admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await agencyAdmin.PostAsync("/api/v1/evaluation/2024/freeze", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("/api/v1/evaluation/2026/freeze", null)).StatusCode);
    }

    private static void Expect(JsonElement agency, decimal?[] actuals, decimal[] points, decimal bonus, decimal score, decimal max, int rank, bool award)
    {
        var code = agency.GetProperty("agency").GetString();
        var indicators = agency.GetProperty("indicators").EnumerateArray().ToList();
        for (var i = 0; i < 5; i++)
        {
            var actual = indicators[i].GetProperty("actual");
            Assert.True(actuals[i] == (actual.ValueKind == JsonValueKind.Number ? actual.GetDecimal() : null), $"{code} indicator {i + 1} actual: {actual}");
            Assert.True(points[i] == indicators[i].GetProperty("points").GetDecimal(), $"{code} indicator {i + 1} points: {indicators[i].GetProperty("points")}");
        }
        Assert.Equal(bonus, agency.GetProperty("bonuses").EnumerateArray().Sum(b => b.GetProperty("points").GetDecimal()));
        Assert.Equal(score, agency.GetProperty("score").GetDecimal());
        Assert.Equal(max, agency.GetProperty("maxScore").GetDecimal());
        Assert.Equal(rank, agency.GetProperty("rank").GetInt32());
        Assert.Equal(award, agency.GetProperty("award").GetBoolean());
    }

    private static void Meetings(KaifangDbContext db, int agencyId, int count)
    {
        for (var i = 0; i < count; i++)
        {
            db.ReviewMeetings.Add(Meeting(agencyId, new DateOnly(2025, 3 * i + 2, 10), MeetingKind.WorkingGroup, minutes: true));
        }
    }

    private static ReviewMeeting Meeting(int agencyId, DateOnly date, MeetingKind kind, bool minutes) => new()
    {
        Id = Guid.NewGuid(), Kind = kind, AgencyId = agencyId, Date = date, Title = $"{date:yyyy-MM-dd} 工作小組會議",
        MinutesRecordedAt = minutes ? new DateTimeOffset(date.ToDateTime(new TimeOnly(17, 0)), Taipei) : null, MinutesRecordedBy = minutes ? "mol-admin" : null,
        CreatedAt = new DateTimeOffset(2024, 12, 1, 0, 0, 0, TimeSpan.Zero), CreatedBy = "mol-admin",
    };

    private static DateTimeOffset[] Dates(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new DateTimeOffset(2025, 1 + i % 12, 5 + i / 12, 2, 0, 0, TimeSpan.Zero))];

    private static void Datasets(KaifangDbContext db, string prefix, int agencyId, DateTimeOffset[] published)
    {
        for (var i = 0; i < published.Length; i++)
        {
            db.Datasets.Add(new Dataset
            {
                Id = Guid.NewGuid(), Identifier = $"T{prefix}-{i:000}", Name = $"eval-{prefix.ToLowerInvariant()}-{i}", Title = $"{prefix} 評核測試資料集 {i}",
                AgencyId = agencyId, Status = DatasetStatus.Published, FirstPublishedAt = published[i], CreatedAt = published[i],
                MetadataModifiedAt = published[i], DataModifiedAt = published[i], ContactName = "王小明", ContactPhone = "02-85902567",
            });
        }
    }

    private static void Snapshot(KaifangDbContext db, int agencyId, int quarter, int open, int late, int broken, int wrong, int three, int four) =>
        db.QualitySnapshots.Add(new QualitySnapshot
        {
            Year = 2025, Quarter = quarter, AgencyId = agencyId, TakenAt = new DateTimeOffset(2025, quarter * 3, 28, 0, 0, 0, TimeSpan.Zero), TakenBy = "mol-admin",
            DatasetsOpen = open, NotUpdatedOnTime = late, BrokenLinks = broken, WrongInformation = wrong,
            Accuracy = QualitySnapshot.AccuracyOf(open, late, broken, wrong), ThreeStarsOrMore = three, FourStarsOrMore = four,
            Items = [.. Enumerable.Range(0, open).Select(i => new QualitySnapshotItem
            {
                DatasetId = Guid.NewGuid(), Identifier = $"Q{quarter}-{i:00}", Title = $"資料集 {i}", Stars = i < four ? 4 : i < three ? 3 : 2,
                NotUpdatedOnTime = i < late, BrokenLink = i >= late && i < late + broken, WrongInformation = i >= late + broken && i < late + broken + wrong,
            })],
        });

    private static void Comment(KaifangDbContext db, int agencyId, DateOnly received, int? replyDays, bool onTime, bool spam = false)
    {
        var due = received.AddDays(8);
        DateOnly? replied = replyDays is null ? null : onTime ? received.AddDays(replyDays.Value) : due.AddDays(3);
        db.Comments.Add(new Comment
        {
            Id = Guid.NewGuid(), Reference = $"T{agencyId}-{received:yyyyMMdd}", AgencyId = agencyId, Kind = CommentKind.DataError, Subject = "欄位說明有誤", Body = "請更正欄位說明。",
            ReceivedAt = new DateTimeOffset(received.ToDateTime(new TimeOnly(10, 0)), Taipei), ReceivedOn = received, DueOn = due,
            Status = replied is null ? CommentStatus.Received : CommentStatus.Replied, Moderation = spam ? ModerationState.Spam : ModerationState.Visible,
            FirstRepliedOn = replied, DaysToReply = replyDays, ModifiedAt = new DateTimeOffset(2025, 12, 31, 0, 0, 0, TimeSpan.Zero),
            FirstRepliedAt = replied is { } r ? new DateTimeOffset(r.ToDateTime(new TimeOnly(15, 0)), Taipei) : null,
        });
    }
}
