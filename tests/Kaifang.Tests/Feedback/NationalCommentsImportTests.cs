using System.Net;
using System.Net.Http.Json;
using System.Text;
using Kaifang.Feedback;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Feedback;

/// Comments received on data.gov.tw, imported so every comment is tracked in one place.
public sealed class NationalCommentsImportTests : IDisposable
{
    private readonly FeedbackAppFactory _app = new(new DateTimeOffset(2026, 3, 20, 2, 0, 0, TimeSpan.Zero));

    public void Dispose() => _app.Dispose();

    private string IdentifierOf(string name) => _app.WithDb(db => db.Datasets.Single(d => d.Name == name).Identifier);

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task Imports_new_comments_recognises_duplicates_and_adds_replies_given_there_since()
    {
        var identifier = IdentifierOf(await _app.PublishedDatasetAsync("BLI"));
        const string header = "意見編號,資料集識別碼,意見類型,意見標題,意見內容,意見時間,電子郵件,回覆內容,回覆時間\r\n";
        var first = header
            + $"N-1001,{identifier},資料錯誤,金額有誤,第12級金額有誤,2026-03-02 09:00:00,a@example.com,已更正,2026-03-05 10:00:00\r\n"
            + $"N-1002,{identifier},提問,何時更新,請問何時更新,115/03/16 22:10,,,\r\n"
            // No number: recognised by its dataset, time and text.
            + $",{identifier},其他,建議,建議提供 JSON,2026-03-10 08:00:00,,,\r\n"
            + $"N-1003,A99999999X-000001,提問,不明,找不到的資料集,2026-03-10 08:00:00,,,\r\n"
            + $"N-1004,{identifier},提問,時間錯,時間寫錯,昨天,,,\r\n";
        using var admin = await _app.WithTokenAsync("mol-admin");
        var result = await FeedbackAppFactory.JsonAsync(await admin.PostAsync("/api/v1/feedback/import", Csv(first)));
        Assert.Equal(5, result.GetProperty("rowsRead").GetInt32());
        Assert.Equal(3, result.GetProperty("created").GetInt32());
        var bad = result.GetProperty("badRows");
        Assert.Equal(2, bad.GetArrayLength());
        Assert.Equal(5, bad[0].GetProperty("row").GetInt32());
        Assert.Contains("A99999999X-000001", bad[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("昨天", bad[1].GetProperty("reason").GetString(), StringComparison.Ordinal);

        var replied = _app.WithDb(db => db.Comments.Single(c => c.ExternalId == "N-1001"));
        Assert.Equal(CommentOrigin.NationalPlatform, replied.Origin);
        Assert.Equal(CommentStatus.Replied, replied.Status);
        // Received Mon 2 Mar, replied Thu 5 Mar: day 4 of 6, on time.
        Assert.Equal(4, replied.DaysToReply);
        Assert.Equal(new DateOnly(2026, 3, 7), replied.DueOn);
        var waiting = _app.WithDb(db => db.Comments.Single(c => c.ExternalId == "N-1002"));
        // 115/03/16 22:10 is Taipei time: received 16 Mar, due 21 Mar.
        Assert.Equal(new DateOnly(2026, 3, 16), waiting.ReceivedOn);
        Assert.Equal(new DateOnly(2026, 3, 21), waiting.DueOn);
        Assert.Contains(_app.WithDb(db => db.OutboxMessages.ToList()), m => m.Regarding == waiting.Reference && m.Topic == FeedbackNotices.NewTopic);

        // The next export holds the same comments, one of them now replied on the platform.
        var second = header
            + $"N-1001,{identifier},資料錯誤,金額有誤,第12級金額有誤,2026-03-02 09:00:00,a@example.com,已更正,2026-03-05 10:00:00\r\n"
            + $"N-1002,{identifier},提問,何時更新,請問何時更新,115/03/16 22:10,,預計下週更新,2026-03-18 09:00:00\r\n"
            + $",{identifier},其他,建議,建議提供 JSON,2026-03-10 08:00:00,,,\r\n";
        var again = await FeedbackAppFactory.JsonAsync(await admin.PostAsync("/api/v1/feedback/import", Csv(second)));
        Assert.Equal(0, again.GetProperty("created").GetInt32());
        Assert.Equal(1, again.GetProperty("updated").GetInt32());
        Assert.Equal(2, again.GetProperty("duplicates").GetInt32());
        Assert.Equal(3, _app.WithDb(db => db.Comments.Count()));
        var nowReplied = _app.WithDb(db => db.Comments.Single(c => c.ExternalId == "N-1002"));
        Assert.Equal(3, nowReplied.DaysToReply);

        // The same list as JSON is recognised too.
        var json = new[] { new Dictionary<string, string> { ["意見編號"] = "N-1001", ["資料集識別碼"] = identifier, ["意見內容"] = "第12級金額有誤", ["意見時間"] = "2026-03-02 09:00:00" } };
        var fromJson = await FeedbackAppFactory.JsonAsync(await admin.PostAsJsonAsync("/api/v1/feedback/import", json));
        Assert.Equal(1, fromJson.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task A_file_without_the_needed_columns_is_refused_with_the_columns_it_needs()
    {
        using var admin = await _app.WithTokenAsync("mol-admin");
        var response = await admin.PostAsync("/api/v1/feedback/import", Csv("編號,內容\r\n1,x\r\n"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("意見時間", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_ministrys_administrators_import()
    {
        using var agencyAdmin = await _app.WithTokenAsync("bli-admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await agencyAdmin.PostAsync("/api/v1/feedback/import", Csv("意見內容,意見時間,提供機關\r\n"))).StatusCode);
    }
}
