using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Kaifang.Datastore;
using Kaifang.Promotion;
using Kaifang.Tests.Feedback;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kaifang.Tests.Promotion;

/// Registration for events over HTTP: seats, the waiting list moving up, deadlines, duplicates, robots and the hourly limit.
public sealed partial class EventRegistrationTests
{
    [Fact]
    public async Task Registrations_fill_the_seats_then_wait_and_a_cancellation_gives_the_first_waiting_one_the_seat_and_tells_them()
    {
        using var app = PromotionApp.Create();
        var id = await PromotionApp.CreateEventAsync(app, capacity: 2);
        using var client = app.CreateClient();

        var first = await FeedbackAppFactory.JsonAsync(await PromotionApp.RegisterAsync(client, id, "王小明", "ming@example.com"));
        var second = await FeedbackAppFactory.JsonAsync(await PromotionApp.RegisterAsync(client, id, "陳美麗", "mei@example.com"));
        Assert.Equal("confirmed", first.GetProperty("status").GetString());
        Assert.Equal("confirmed", second.GetProperty("status").GetString());

        // Full: refused, saying so and offering the waiting list.
        var refused = await PromotionApp.RegisterAsync(client, id, "林大同", "tung@example.com");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("活動已額滿（2 名，目前候補 0 人）", await PromotionApp.ProblemTitleAsync(refused), StringComparison.Ordinal);
        Assert.Contains("候補", await PromotionApp.ProblemTitleAsync(refused), StringComparison.Ordinal);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var refusedEn = await PromotionApp.RegisterAsync(client, id, "林大同", "tung@example.com");
        Assert.StartsWith("The event is full (2 seats, 0 on the waiting list)", await PromotionApp.ProblemTitleAsync(refusedEn), StringComparison.Ordinal);
        client.DefaultRequestHeaders.AcceptLanguage.Clear();

        var third = await FeedbackAppFactory.JsonAsync(await PromotionApp.RegisterAsync(client, id, "林大同", "tung@example.com", waitingList: true));
        var fourth = await FeedbackAppFactory.JsonAsync(await PromotionApp.RegisterAsync(client, id, "張三", "san@example.com", waitingList: true));
        Assert.Equal("waiting", third.GetProperty("status").GetString());
        Assert.Equal("waiting", fourth.GetProperty("status").GetString());
        var shown = await FeedbackAppFactory.JsonAsync(await client.GetAsync($"/api/v1/events/{id}"));
        Assert.Equal(2, shown.GetProperty("confirmed").GetInt32());
        Assert.Equal(2, shown.GetProperty("waiting").GetInt32());
        Assert.Equal(0, shown.GetProperty("seatsLeft").GetInt32());

        // A wrong key cancels nothing.
        var secondId = second.GetProperty("id").GetString();
        var wrong = await client.PostAsJsonAsync($"/api/v1/events/{id}/registrations/{secondId}/cancel", new { key = "not-the-key" });
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);

        var cancelled = await client.PostAsJsonAsync($"/api/v1/events/{id}/registrations/{secondId}/cancel", new { key = second.GetProperty("cancelKey").GetString() });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);

        var statuses = app.WithDb(db => db.EventRegistrations.ToDictionary(r => r.Email, r => r.Status));
        Assert.Equal(RegistrationStatus.Confirmed, statuses["ming@example.com"]);
        Assert.Equal(RegistrationStatus.Cancelled, statuses["mei@example.com"]);
        Assert.Equal(RegistrationStatus.Confirmed, statuses["tung@example.com"]);
        Assert.Equal(RegistrationStatus.Waiting, statuses["san@example.com"]);

        var promoted = app.WithDb(db => db.OutboxMessages.Where(m => m.Topic == PromotionNotices.PromotedTopic).ToList());
        var mail = Assert.Single(promoted);
        Assert.Equal("tung@example.com", mail.To);
        Assert.Contains("勞保資料應用工作坊", mail.Body, StringComparison.Ordinal);
        Assert.Contains("民國115年12月10日 14:00", mail.Body, StringComparison.Ordinal);
        // The promotion mail's link cancels the promoted registration.
        var link = CancelLink().Match(mail.Body);
        Assert.True(link.Success, mail.Body);
        Assert.StartsWith("https://data.mol.gov.tw/events/", link.Value, StringComparison.Ordinal);
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var path = link.Value["https://data.mol.gov.tw".Length..];
        var page = await browser.GetStringAsync(path);
        Assert.Contains("林大同", page, StringComparison.Ordinal);
        Assert.Contains("確認取消報名", page, StringComparison.Ordinal);
        var confirm = await browser.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = StaffClient.AntiforgeryToken(page) }));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("已取消您的報名", await confirm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // …and the last waiting one moves up in turn.
        Assert.Equal(RegistrationStatus.Confirmed, app.WithDb(db => db.EventRegistrations.Single(r => r.Email == "san@example.com").Status));
        // Each registrant had a confirmation or waiting-list notice; only hashes of the keys are stored.
        Assert.Equal(4, app.WithDb(db => db.OutboxMessages.Count(m => m.Topic == PromotionNotices.RegisteredTopic)));
        var key = second.GetProperty("cancelKey").GetString()!;
        Assert.DoesNotContain(key, app.WithDb(db => db.EventRegistrations.Single(r => r.Email == "mei@example.com").CancelSecretHash)!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_deadline_registration_is_refused_and_one_address_registers_once()
    {
        using var app = PromotionApp.Create();
        var id = await PromotionApp.CreateEventAsync(app, capacity: 10);
        using var client = app.CreateClient();
        (await PromotionApp.RegisterAsync(client, id, "王小明", "ming@example.com")).EnsureSuccessStatusCode();

        var duplicate = await PromotionApp.RegisterAsync(client, id, "王小明", "Ming@Example.com");
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains("「Ming@Example.com」已報名這場活動", await PromotionApp.ProblemTitleAsync(duplicate), StringComparison.Ordinal);

        var invalid = await PromotionApp.RegisterAsync(client, id, "", "not-an-address");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var body = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("請填寫姓名", body, StringComparison.Ordinal);
        Assert.Contains("不是有效的電子郵件地址", body, StringComparison.Ordinal);

        // 8 December 17:00 Taipei is 09:00 UTC; a minute later it is closed.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 8, 9, 1, 0, TimeSpan.Zero));
        var late = await PromotionApp.RegisterAsync(client, id, "陳美麗", "mei@example.com");
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("報名已於民國115年12月8日 17:00（2026-12-08）截止", await PromotionApp.ProblemTitleAsync(late), StringComparison.Ordinal);
        Assert.Equal(1, app.WithDb(db => db.EventRegistrations.Count()));
        var page = await client.GetStringAsync($"/events/{id}");
        Assert.Contains("報名已截止", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Input.Email\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_registers_without_an_account_a_robot_filling_the_hidden_field_is_refused_and_e_mail_is_never_shown()
    {
        using var app = PromotionApp.Create();
        var id = await PromotionApp.CreateEventAsync(app, capacity: 1);
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var list = await browser.GetStringAsync("/events");
        Assert.Contains("勞保資料應用工作坊", list, StringComparison.Ordinal);
        Assert.Contains("即將舉行", list, StringComparison.Ordinal);
        var page = await browser.GetStringAsync($"/events/{id}");
        Assert.Contains("name=\"Input.Website\"", page, StringComparison.Ordinal);
        Assert.Contains("2026-12-10（民國115年12月10日）", page.Replace("民國115年12月10日 14:00", "2026-12-10（民國115年12月10日）", StringComparison.Ordinal), StringComparison.Ordinal);

        var robot = await PostAsync(browser, $"/events/{id}", new() { ["Input.Name"] = "Bot", ["Input.Email"] = "bot@example.com", ["Input.Website"] = "http://spam.example" });
        Assert.Equal(HttpStatusCode.BadRequest, robot.StatusCode);
        Assert.Contains("一般使用者看不到的欄位被填寫了", await robot.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var api = await PromotionApp.RegisterAsync(browser, id, "Bot", "bot@example.com", website: "x");
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Equal(0, app.WithDb(db => db.EventRegistrations.Count()));

        var sent = await PostAsync(browser, $"/events/{id}", new() { ["Input.Name"] = "王小明", ["Input.Email"] = "ming@example.com", ["Input.Organisation"] = "臺北大學", ["Input.Website"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains("報名成功", await browser.GetStringAsync(sent.Headers.Location!.ToString()), StringComparison.Ordinal);

        // The event is now full: the form says so and offers the waiting list.
        var full = await PostAsync(browser, $"/events/{id}", new() { ["Input.Name"] = "陳美麗", ["Input.Email"] = "mei@example.com" });
        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        var fullPage = await full.Content.ReadAsStringAsync();
        Assert.Contains("活動已額滿", fullPage, StringComparison.Ordinal);
        Assert.Contains("value=\"mei@example.com\"", fullPage, StringComparison.Ordinal);
        var waiting = await PostAsync(browser, $"/events/{id}", new() { ["Input.Name"] = "陳美麗", ["Input.Email"] = "mei@example.com", ["Input.WaitingList"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, waiting.StatusCode);
        Assert.Contains("registered=waiting", waiting.Headers.Location!.ToString(), StringComparison.Ordinal);

        foreach (var url in new[] { "/events", $"/events/{id}", "/api/v1/events", $"/api/v1/events/{id}" })
        {
            var text = await browser.GetStringAsync(url);
            Assert.DoesNotContain("ming@example.com", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("mei@example.com", text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync($"/api/v1/events/{id}/registrations")).StatusCode);
    }

    [Fact]
    public async Task Twenty_people_registering_at_once_for_five_seats_get_five_seats_and_fifteen_places_in_line()
    {
        using var app = PromotionApp.Create();
        var id = await PromotionApp.CreateEventAsync(app, capacity: 5);
        using var client = app.CreateClient();
        var answers = await Task.WhenAll(Enumerable.Range(1, 20)
            .Select(i => PromotionApp.RegisterAsync(client, id, $"報名者{i}", $"person{i}@example.com", waitingList: true)));
        Assert.All(answers, a => Assert.True(a.IsSuccessStatusCode, a.StatusCode.ToString()));
        var registrations = app.WithDb(db => db.EventRegistrations.Where(r => r.EventId == Guid.Parse(id)).ToList());
        Assert.Equal(5, registrations.Count(r => r.Status == RegistrationStatus.Confirmed));
        Assert.Equal(15, registrations.Count(r => r.Status == RegistrationStatus.Waiting));
        // Seats went to the first five numbers, and the numbers are 1 to 20 without a gap or a repeat.
        Assert.Equal(Enumerable.Range(1, 20), registrations.Select(r => r.Sequence).Order());
        Assert.All(registrations.Where(r => r.Sequence <= 5), r => Assert.Equal(RegistrationStatus.Confirmed, r.Status));
    }

    [Fact]
    public async Task One_address_may_register_only_so_often_an_hour()
    {
        using var app = PromotionApp.Create(registrationsPerHour: 2);
        var id = await PromotionApp.CreateEventAsync(app, capacity: 50);
        using var client = app.CreateClient();
        (await PromotionApp.RegisterAsync(client, id, "一", "one@example.com")).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        (await PromotionApp.RegisterAsync(client, id, "二", "two@example.com")).EnsureSuccessStatusCode();
        var third = await PromotionApp.RegisterAsync(client, id, "三", "three@example.com");
        Assert.Equal((HttpStatusCode)429, third.StatusCode);
        Assert.Contains("同一來源一小時內最多報名 2 次；請於 50 分鐘後再試", await PromotionApp.ProblemTitleAsync(third), StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromMinutes(51));
        (await PromotionApp.RegisterAsync(client, id, "三", "three@example.com")).EnsureSuccessStatusCode();
    }

    [Theory]
    [InlineData("ods", "ODS")]
    [InlineData("xlsx", "XLSX")]
    [InlineData("csv", "CSV")]
    public async Task The_organisers_download_the_registrants_with_formulas_neutralised_and_mark_attendance(string format, string tabular)
    {
        using var app = PromotionApp.Create();
        var id = await PromotionApp.CreateEventAsync(app, capacity: 5);
        using var client = app.CreateClient();
        var registered = await FeedbackAppFactory.JsonAsync(await PromotionApp.RegisterAsync(client, id, "=HYPERLINK(\"http://evil.example\",\"x\")", "evil@example.com"));
        (await PromotionApp.RegisterAsync(client, id, "王小明", "ming@example.com")).EnsureSuccessStatusCode();

        using var officer = await app.WithTokenAsync("bli-officer");
        var marked = await officer.PostAsJsonAsync($"/api/v1/events/{id}/registrations/{registered.GetProperty("id").GetString()}/attendance", new { attended = true });
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);

        var bytes = await officer.GetByteArrayAsync($"/api/v1/events/{id}/registrations?format={format}");
        using var table = await TabularFile.OpenAsync(() => new MemoryStream(bytes), tabular, "UTF-8", CancellationToken.None);
        Assert.Equal(["序號", "姓名", "電子郵件", "服務單位", "狀態", "報名時間", "遞補時間", "取消時間", "出席"], table.Columns);
        var rows = table.Rows(CancellationToken.None).Select(r => r.ToArray()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"x\")", rows[0][1]);
        Assert.Equal("evil@example.com", rows[0][2]);
        Assert.Equal("已錄取", rows[0][4]);
        Assert.Equal("2026-11-27 10:00", rows[0][5]);
        Assert.Equal("是", rows[0][8]);
        Assert.Equal("王小明", rows[1][1]);

        // Another agency's staff see neither the list nor the file.
        using var other = await app.WithTokenAsync("wda-officer");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/v1/events/{id}/registrations?format={format}")).StatusCode);
    }

    [Fact]
    public async Task The_organisers_pages_list_registrants_with_e_mail_and_mark_attendance()
    {
        using var app = PromotionApp.Create();
        using var officer = await app.SignedInAsync("bli-officer");
        var form = await officer.GetStringAsync("/admin/promotion/events/new");
        var created = await officer.PostAsync("/admin/promotion/events/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffClient.AntiforgeryToken(form),
            ["Input.Agency"] = "BLI", ["Input.Title"] = "勞保開放資料說明會", ["Input.Kind"] = "explanatory-session",
            ["Input.StartsAt"] = "2026-12-15T09:30", ["Input.EndsAt"] = "2026-12-15T12:00", ["Input.Venue"] = "勞保局禮堂",
            ["Input.Capacity"] = "1", ["Input.Datasets"] = "",
        }));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var eventPath = created.Headers.Location!.ToString();
        var id = eventPath.Split('/').Last();
        var stored = app.WithDb(db => db.PromotionEvents.Single());
        Assert.Equal(new DateTimeOffset(2026, 12, 15, 1, 30, 0, TimeSpan.Zero), stored.StartsAt);
        Assert.Equal(stored.StartsAt, stored.RegistrationClosesAt);

        using var client = app.CreateClient();
        (await PromotionApp.RegisterAsync(client, id, "王小明", "ming@example.com")).EnsureSuccessStatusCode();
        var page = await officer.GetStringAsync(eventPath);
        Assert.Contains("ming@example.com", page, StringComparison.Ordinal);
        Assert.Contains("標記出席", page, StringComparison.Ordinal);
        var registration = app.WithDb(db => db.EventRegistrations.Single()).Id;
        var marked = await officer.PostAsync($"{eventPath}?handler=Attendance", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffClient.AntiforgeryToken(page), ["registration"] = registration.ToString(), ["attended"] = "true",
        }));
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        Assert.True(app.WithDb(db => db.EventRegistrations.Single()).Attended);

        // A bad form comes back with what was typed and what to fix.
        var bad = await officer.PostAsync("/admin/promotion/events/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffClient.AntiforgeryToken(form),
            ["Input.Agency"] = "BLI", ["Input.Title"] = "第二場", ["Input.Kind"] = "workshop",
            ["Input.StartsAt"] = "2026-12-15T09:30", ["Input.EndsAt"] = "2026-12-15T08:00", ["Input.Capacity"] = "0", ["Input.Datasets"] = "no-such-dataset",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("value=\"第二場\"", html, StringComparison.Ordinal);
        Assert.Contains("結束時間應晚於開始時間", html, StringComparison.Ordinal);
        Assert.Contains("請填寫地點或線上會議連結", html, StringComparison.Ordinal);
        Assert.Contains("找不到公開的資料集「no-such-dataset」", html, StringComparison.Ordinal);
        Assert.Equal(1, app.WithDb(db => db.PromotionEvents.Count()));

        // Another agency's officer may not open it.
        using var other = await app.SignedInAsync("wda-officer");
        var refused = await other.GetAsync(eventPath);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }

    [Fact]
    public async Task More_seats_give_the_waiting_list_its_seats_in_order()
    {
        using var app = PromotionApp.Create();
        var id = await PromotionApp.CreateEventAsync(app, capacity: 1);
        using var client = app.CreateClient();
        (await PromotionApp.RegisterAsync(client, id, "一", "one@example.com")).EnsureSuccessStatusCode();
        (await PromotionApp.RegisterAsync(client, id, "二", "two@example.com", waitingList: true)).EnsureSuccessStatusCode();
        (await PromotionApp.RegisterAsync(client, id, "三", "three@example.com", waitingList: true)).EnsureSuccessStatusCode();
        using var officer = await app.WithTokenAsync("bli-officer");
        var changed = await officer.PutAsJsonAsync($"/api/v1/events/{id}", new
        {
            title = "勞保資料應用工作坊", kind = "workshop", startsAt = "2026-12-10T14:00:00+08:00", endsAt = "2026-12-10T16:00:00+08:00",
            venue = "勞保局 5 樓會議室", capacity = 2, registrationClosesAt = "2026-12-08T17:00:00+08:00",
        });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var statuses = app.WithDb(db => db.EventRegistrations.ToDictionary(r => r.Email, r => r.Status));
        Assert.Equal(RegistrationStatus.Confirmed, statuses["two@example.com"]);
        Assert.Equal(RegistrationStatus.Waiting, statuses["three@example.com"]);
        Assert.Equal("two@example.com", app.WithDb(db => db.OutboxMessages.Single(m => m.Topic == PromotionNotices.PromotedTopic).To));

        var fewer = await officer.PutAsJsonAsync($"/api/v1/events/{id}", new
        {
            title = "勞保資料應用工作坊", kind = "workshop", startsAt = "2026-12-10T14:00:00+08:00", endsAt = "2026-12-10T16:00:00+08:00",
            venue = "勞保局 5 樓會議室", capacity = 1,
        });
        Assert.Equal(HttpStatusCode.BadRequest, fewer.StatusCode);
        Assert.Contains("名額不能少於 2", await fewer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = StaffClient.AntiforgeryToken(await client.GetStringAsync(pageUrl));
        return await client.PostAsync(pageUrl, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex(@"https://data\.mol\.gov\.tw/events/[0-9a-f-]+/cancel\?registration=[0-9a-f-]+&key=\S+")]
    private static partial Regex CancelLink();
}
