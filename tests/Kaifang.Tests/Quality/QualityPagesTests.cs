using System.Net;
using Kaifang.Tests.Feedback;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Quality;

public sealed class QualityPagesTests : IDisposable
{
    private readonly FeedbackAppFactory _app = new(new DateTimeOffset(2026, 12, 30, 2, 0, 0, TimeSpan.Zero));

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_dataset_page_shows_its_stars_and_verdicts_and_the_ministry_takes_the_check_from_its_page()
    {
        var dataset = await _app.PublishedDatasetAsync("BLI");
        using var client = _app.CreateClient();
        var page = await client.GetStringAsync($"/datasets/{dataset}");
        Assert.Contains("開放程度 3 星", page, StringComparison.Ordinal);
        Assert.Contains("內容尚未檢測", page, StringComparison.Ordinal);

        using var ministry = await _app.SignedInAsync("mol-admin");
        var overview = await ministry.GetStringAsync("/admin/quality");
        Assert.Contains("2026Q4", overview, StringComparison.Ordinal);
        var token = StaffClient.AntiforgeryToken(overview);
        var run = await ministry.PostAsync("/admin/quality?handler=Run", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["period"] = "2026Q4", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
        Assert.Equal("/admin/quality/checks/2026Q4", run.Headers.Location!.ToString());
        var check = await ministry.GetStringAsync("/admin/quality/checks/2026Q4");
        Assert.Contains("勞動部勞工保險局", check, StringComparison.Ordinal);
        Assert.Contains(dataset.ToUpperInvariant(), check, StringComparison.Ordinal);

        using var officer = await _app.SignedInAsync("bli-officer");
        var problems = await officer.GetStringAsync("/admin/quality/problems");
        Assert.Contains("待改善的資料集", problems, StringComparison.Ordinal);
        Assert.DoesNotContain("進行季檢核", await officer.GetStringAsync("/admin/quality"), StringComparison.Ordinal);
    }
}
