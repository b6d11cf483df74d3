using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kaifang.Feedback;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Feedback;

/// A comment's whole life over HTTP against the real app and database: left by the public, routed,
/// answered, reopened, reminded, escalated, counted.
public sealed class FeedbackApiTests : IDisposable
{
    /// Friday 27 Nov 2026, 23:30 in Taipei.
    private static readonly DateTimeOffset FridayNight = new(2026, 11, 27, 15, 30, 0, TimeSpan.Zero);
    private readonly FeedbackAppFactory _app = new(FridayNight);

    public void Dispose() => _app.Dispose();

    private static object Comment(string dataset, string email = "citizen@example.com", string? website = null) => new
    {
        dataset, kind = "update-request", subject = "請更新115年資料", body = "投保薪資分級表尚未更新為115年的版本，請儘速更新。", email, website,
    };

    private async Task RunSweepAsync()
    {
        using var scope = _app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<FeedbackSweep>().RunAsync(CancellationToken.None);
    }

    private List<Kaifang.Notifications.OutboxMessage> Outbox(string topic) =>
        _app.WithDb(db => db.OutboxMessages.AsNoTracking().Where(m => m.Topic == topic).OrderBy(m => m.Id).ToList());

    [Fact]
    public async Task A_comment_on_a_dataset_goes_to_its_agency_with_a_deadline_counted_from_the_Taipei_date()
    {
        var dataset = await _app.PublishedDatasetAsync("BLI");
        using var client = _app.CreateClient();
        var answer = await FeedbackAppFactory.SubmitAsync(client, Comment(dataset));
        var reference = answer.GetProperty("reference").GetString()!;
        Assert.Matches(@"^FB-2026-\d{6}$", reference);
        Assert.Equal("received", answer.GetProperty("status").GetString());
        // Received 23:30 on Friday in Taipei (15:30 UTC): Friday is day 1, so the last day is Wednesday 2 Dec.
        Assert.Equal("2026-12-02", answer.GetProperty("dueOn").GetString());
        Assert.False(answer.GetProperty("held").GetBoolean());
        Assert.StartsWith($"https://data.mol.gov.tw/feedback/{reference}?key=", answer.GetProperty("url").GetString(), StringComparison.Ordinal);

        var stored = _app.WithDb(db => db.Comments.Single(c => c.Reference == reference));
        var bli = _app.WithDb(db => db.Agencies.Single(a => a.Code == "BLI").Id);
        Assert.Equal(bli, stored.AgencyId);
        Assert.Equal(new DateOnly(2026, 11, 27), stored.ReceivedOn);
        // The agency's desk hears of it; the commenter gets a receipt with the link to answer again.
        Assert.Contains(Outbox(FeedbackNotices.NewTopic), m => m.To == "bli-officer@example.gov.tw" && m.Regarding == reference);
        var receipt = Assert.Single(Outbox(FeedbackNotices.ReceiptTopic));
        Assert.Equal("citizen@example.com", receipt.To);
        Assert.Contains("?key=", receipt.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_thread_never_shows_the_commenters_email()
    {
        var dataset = await _app.PublishedDatasetAsync("BLI");
        using var client = _app.CreateClient();
        var reference = (await FeedbackAppFactory.SubmitAsync(client, Comment(dataset, email: "secret.person@example.com"))).GetProperty("reference").GetString()!;
        using var officer = await _app.WithTokenAsync("bli-officer");
        (await officer.PostAsJsonAsync($"/api/v1/feedback/{reference}/replies", new { body = "已於今日更新，謝謝您的提醒。" })).EnsureSuccessStatusCode();

        var threads = await client.GetStringAsync($"/api/v1/feedback/threads?dataset={dataset}");
        var one = await client.GetStringAsync($"/api/v1/feedback/{reference}");
        var page = await client.GetStringAsync($"/datasets/{dataset}");
        foreach (var text in new[] { threads, one, page })
        {
            Assert.DoesNotContain("secret.person", text, StringComparison.Ordinal);
        }
        Assert.Contains("已於今日更新", threads, StringComparison.Ordinal);
        Assert.Contains("已於今日更新", page, StringComparison.Ordinal);
        Assert.Contains("勞動部勞工保險局", threads, StringComparison.Ordinal);
        // Staff of the agency do see it, to answer by e-mail.
        Assert.Contains("secret.person@example.com", await officer.GetStringAsync($"/api/v1/feedback/{reference}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_refused_field_by_field_and_nothing_is_saved()
    {
        var dataset = await _app.PublishedDatasetAsync("BLI");
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var response = await client.PostAsJsonAsync("/api/v1/feedback", new { dataset, kind = "complaint", body = new string('字', 5001), email = "not-an-address" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("data-error", errors.GetProperty("kind")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("5000", errors.GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("not-an-address", errors.GetProperty("email")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _app.WithDb(db => db.Comments.Count()));

        var draft = await (await _app.WithTokenAsync("bli-officer")).CreateDraftAsync("BLI", "草稿資料集");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/feedback", Comment(draft))).StatusCode);
    }

    [Fact]
    public async Task One_address_may_leave_five_comments_an_hour_and_the_sixth_is_refused_with_when_to_retry()
    {
        var dataset = await _app.PublishedDatasetAsync("BLI");
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        for (var i = 0; i < 5; i++)
        {
            await FeedbackAppFactory.SubmitAsync(client, Comment(dataset));
        }
        var refused = await client.PostAsJsonAsync("/api/v1/feedback", Comment(dataset));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Contains("try again in 60 minutes", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(5, _app.WithDb(db => db.Comments.Count()));

        _app.Clock.Advance(TimeSpan.FromMinutes(61));
        await FeedbackAppFactory.SubmitAsync(client, Comment(dataset));
        Assert.Equal(6, _app.WithDb(db => db.Comments.Count()));
    }

    [Fact]
    public async Task A_held_comment_is_kept_for_moderators_hidden_from_the_public_and_released_by_the_agency_admin()
    {
        var dataset = await _app.PublishedDatasetAsync("BLI");
        using var client = _app.CreateClient();
        var answer = await FeedbackAppFactory.SubmitAsync(client, Comment(dataset, website: "http://buy-now.example"));
        var reference = answer.GetProperty("reference").GetString()!;
        var key = answer.GetProperty("followUpKey").GetString()!;
        Assert.True(answer.GetProperty("held").GetBoolean());
        Assert.Contains(Outbox(FeedbackNotices.HeldTopic), m => m.To == "bli-admin@example.gov.tw");
        Assert.DoesNotContain(Outbox(FeedbackNotices.NewTopic), m => m.Regarding == reference);

        Assert.Equal("[]", await client.GetStringAsync($"/api/v1/feedback/threads?dataset={dataset}"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/feedback/{reference}")).StatusCode);
        // Its writer still sees it with the key.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/feedback/{reference}?key={Uri.EscapeDataString(key)}")).StatusCode);

        using var admin = await _app.WithTokenAsync("bli-admin");
        var held = await FeedbackAppFactory.JsonAsync(await admin.GetAsync("/api/v1/feedback?held=true"));
        Assert.Equal(reference, held.GetProperty("items")[0].GetProperty("reference").GetString());
        Assert.Contains("hidden field", held.GetProperty("items")[0].GetProperty("moderationReason").GetString(), StringComparison.Ordinal);

        using var officer = await _app.WithTokenAsync("bli-officer");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsJsonAsync($"/api/v1/feedback/{reference}/moderation", new { action = "release" })).StatusCode);
        var released = await FeedbackAppFactory.JsonAsync(await admin.PostAsJsonAsync($"/api/v1/feedback/{reference}/moderation", new { action = "release" }));
        Assert.Equal("visible", released.GetProperty("moderation").GetString());
        Assert.Contains(reference, await client.GetStringAsync($"/api/v1/feedback/threads?dataset={dataset}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assign_reply_and_the_commenter_answering_again_reopens_it_with_a_new_deadline()
    {
        var dataset = await _app.PublishedDatasetAsync("BLI");
        using var client = _app.CreateClient();
        var answer = await FeedbackAppFactory.SubmitAsync(client, Comment(dataset));
        var reference = answer.GetProperty("reference").GetString()!;
        var key = answer.GetProperty("followUpKey").GetString()!;

        using var admin = await _app.WithTokenAsync("bli-admin");
        var assigned = await FeedbackAppFactory.JsonAsync(await admin.PostAsJsonAsync($"/api/v1/feedback/{reference}/assign", new { handler = "bli-officer" }));
        Assert.Equal("assigned", assigned.GetProperty("status").GetString());
        Assert.Equal("bli-officer", assigned.GetProperty("handler").GetString());
        Assert.Contains(Outbox(FeedbackNotices.AssignedTopic), m => m.To == "bli-officer@example.gov.tw");
        // Only someone who answers the agency's comments can be its handler.
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/v1/feedback/{reference}/assign", new { handler = "wda-officer" })).StatusCode);

        // Monday 30 Nov, 10:00 Taipei: day 4.
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        using var officer = await _app.WithTokenAsync("bli-officer");
        var replied = await FeedbackAppFactory.JsonAsync(await officer.PostAsJsonAsync($"/api/v1/feedback/{reference}/replies", new { body = "已更新為115年版本。" }));
        Assert.Equal("replied", replied.GetProperty("status").GetString());
        Assert.Equal(4, replied.GetProperty("daysToReply").GetInt32());
        Assert.True(replied.GetProperty("onTime").GetBoolean());
        Assert.Contains(Outbox(FeedbackNotices.ReplyTopic), m => m.To == "citizen@example.com" && m.Body.Contains("已更新為115年版本", StringComparison.Ordinal));

        // A wrong key is refused; the right one reopens the comment, due 6 days from the answer.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/v1/feedback/{reference}/answers", new { key = "guess", body = "?" })).StatusCode);
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        var reopened = await FeedbackAppFactory.JsonAsync(await client.PostAsJsonAsync($"/api/v1/feedback/{reference}/answers", new { key, body = "職業類別的欄位還是舊的。" }));
        Assert.Equal("reopened", reopened.GetProperty("status").GetString());
        var staffView = await FeedbackAppFactory.JsonAsync(await officer.GetAsync($"/api/v1/feedback/{reference}"));
        Assert.Equal("2026-12-06", staffView.GetProperty("openDueOn").GetString());
        // The first reply still decides S14.5: reopening does not undo it.
        Assert.Equal(4, staffView.GetProperty("daysToReply").GetInt32());
        Assert.Contains(Outbox(FeedbackNotices.AnswerTopic), m => m.To == "bli-officer@example.gov.tw");

        // A comment awaiting a reply cannot be closed; once replied it can.
        Assert.Equal(HttpStatusCode.Conflict, (await officer.PostAsync($"/api/v1/feedback/{reference}/close", null)).StatusCode);
        var closed = await FeedbackAppFactory.JsonAsync(await officer.PostAsJsonAsync($"/api/v1/feedback/{reference}/replies", new { body = "已修正職業類別欄位。", close = true }));
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        var thread = await client.GetStringAsync($"/api/v1/feedback/{reference}");
        Assert.Contains("職業類別的欄位還是舊的", thread, StringComparison.Ordinal);
        Assert.Contains("已修正職業類別欄位", thread, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_of_another_agency_can_neither_see_nor_answer_it()
    {
        var dataset = await _app.PublishedDatasetAsync("BLI");
        using var client = _app.CreateClient();
        var reference = (await FeedbackAppFactory.SubmitAsync(client, Comment(dataset))).GetProperty("reference").GetString()!;
        using var other = await _app.WithTokenAsync("wda-officer");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync($"/api/v1/feedback/{reference}/replies", new { body = "x" })).StatusCode);
        var list = await FeedbackAppFactory.JsonAsync(await other.GetAsync("/api/v1/feedback"));
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        // The ministry's admin reaches every agency below it.
        using var ministry = await _app.WithTokenAsync("mol-admin");
        Assert.Equal(1, (await FeedbackAppFactory.JsonAsync(await ministry.GetAsync("/api/v1/feedback"))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_handler_is_reminded_two_days_before_and_the_agency_admin_told_once_the_deadline_passes()
    {
        var dataset = await _app.PublishedDatasetAsync("BLI");
        using (var admin = await _app.WithTokenAsync("bli-admin"))
        {
            (await admin.PutAsJsonAsync("/api/v1/feedback/routes/BLI", new { handler = "bli-officer" })).EnsureSuccessStatusCode();
        }
        using var client = _app.CreateClient();
        var answer = await FeedbackAppFactory.SubmitAsync(client, Comment(dataset));
        var reference = answer.GetProperty("reference").GetString()!;
        // The default handler gets it at once.
        Assert.Equal("assigned", answer.GetProperty("status").GetString());

        // Sunday 29 Nov (day 3): too early for the reminder.
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 29, 1, 0, 0, TimeSpan.Zero));
        await RunSweepAsync();
        Assert.Empty(Outbox(FeedbackNotices.ReminderTopic));
        // Monday 30 Nov, two days before Wednesday 2 Dec: the handler is reminded, once.
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero));
        await RunSweepAsync();
        await RunSweepAsync();
        var reminder = Assert.Single(Outbox(FeedbackNotices.ReminderTopic));
        Assert.Equal("bli-officer@example.gov.tw", reminder.To);
        Assert.Contains("2026-12-02", reminder.Subject, StringComparison.Ordinal);
        // Wednesday 2 Dec, 23:59 in Taipei: still the last day, no escalation.
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 15, 59, 0, TimeSpan.Zero));
        await RunSweepAsync();
        Assert.Empty(Outbox(FeedbackNotices.EscalationTopic));
        // Thursday 3 Dec, 00:01 in Taipei: overdue; the agency admin is told, once.
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 16, 1, 0, TimeSpan.Zero));
        await RunSweepAsync();
        await RunSweepAsync();
        var escalation = Assert.Single(Outbox(FeedbackNotices.EscalationTopic));
        Assert.Equal("bli-admin@example.gov.tw", escalation.To);

        using var officer = await _app.WithTokenAsync("bli-officer");
        var overdue = await FeedbackAppFactory.JsonAsync(await officer.GetAsync("/api/v1/feedback?overdue=true"));
        Assert.Equal(reference, overdue.GetProperty("items")[0].GetProperty("reference").GetString());
        Assert.True(overdue.GetProperty("items")[0].GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task The_statistics_count_replies_within_the_deadline_per_agency()
    {
        var dataset = await _app.PublishedDatasetAsync("BLI");
        using var client = _app.CreateClient();
        using var officer = await _app.WithTokenAsync("bli-officer");
        // Three comments on Friday 27 Nov (due Wed 2 Dec): one answered Monday, one Thursday (late), one never.
        var refs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            refs.Add((await FeedbackAppFactory.SubmitAsync(client, Comment(dataset))).GetProperty("reference").GetString()!);
        }
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        (await officer.PostAsJsonAsync($"/api/v1/feedback/{refs[0]}/replies", new { body = "已更新。" })).EnsureSuccessStatusCode();
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 2, 0, 0, TimeSpan.Zero));
        (await officer.PostAsJsonAsync($"/api/v1/feedback/{refs[1]}/replies", new { body = "已更新。" })).EnsureSuccessStatusCode();

        var stats = await FeedbackAppFactory.JsonAsync(await officer.GetAsync("/api/v1/feedback/statistics?period=2026Q4"));
        var bli = stats.GetProperty("agencies").EnumerateArray().Single(a => a.GetProperty("agency").GetString() == "BLI");
        Assert.Equal(3, bli.GetProperty("received").GetInt32());
        Assert.Equal(3, bli.GetProperty("counted").GetInt32());
        Assert.Equal(1, bli.GetProperty("repliedOnTime").GetInt32());
        Assert.Equal(1, bli.GetProperty("repliedLate").GetInt32());
        Assert.Equal(1, bli.GetProperty("overdue").GetInt32());
        // 1 of 3 = 33.33%; days 4 and 7 average 5.5.
        Assert.Equal(33.33m, bli.GetProperty("onTimePercent").GetDecimal());
        Assert.Equal(5.5m, bli.GetProperty("averageDaysToReply").GetDecimal());
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.GetAsync("/api/v1/feedback/statistics?period=Q4")).StatusCode);
    }
}
