using System.Net.Http.Json;
using System.Text.Json;
using Kaifang.Tests.Feedback;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Promotion;

/// Helpers shared by the events' and the showcase's tests: the app on a clock the test moves.
internal static class PromotionApp
{
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    public static FeedbackAppFactory Create(int registrationsPerHour = 100, int showcasesPerHour = 100) => new(Start, new()
    {
        ["Kaifang:Promotion:MaxRegistrationsPerHour"] = registrationsPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Kaifang:Promotion:MaxShowcasesPerHour"] = showcasesPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    /// A workshop of BLI on 10 December 2026, 14:00–16:00 Taipei time, registration closing on 8 December at 17:00.
    public static async Task<string> CreateEventAsync(FeedbackAppFactory app, int capacity, string agency = "BLI")
    {
        using var officer = await app.WithTokenAsync($"{agency.ToLowerInvariant()}-officer");
        var created = await FeedbackAppFactory.JsonAsync(await officer.PostAsJsonAsync("/api/v1/events", new
        {
            title = "勞保資料應用工作坊", kind = "workshop", description = "實作課程",
            startsAt = "2026-12-10T14:00:00+08:00", endsAt = "2026-12-10T16:00:00+08:00",
            venue = "勞保局 5 樓會議室", capacity, registrationClosesAt = "2026-12-08T17:00:00+08:00",
        }));
        return created.GetProperty("id").GetString()!;
    }

    public static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string eventId, string name, string email, bool waitingList = false, string? website = null) =>
        client.PostAsJsonAsync($"/api/v1/events/{eventId}/registrations", new { name, email, organisation = "開放資料社群", waitingList, website });

    public static async Task<string> ProblemTitleAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString()!;
}
