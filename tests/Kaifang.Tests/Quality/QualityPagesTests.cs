using System.Net;
using Kaifang.Tests.Feedback;
using Kaifang.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

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

public sealed class QualityDigestTests : IDisposable
{
    private readonly FeedbackAppFactory _app = new(new DateTimeOffset(2026, 12, 28, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Each_contact_gets_one_digest_a_week_listing_their_faulty_datasets()
    {
        var late = await _app.PublishedDatasetAsync("BLI", "投保單位統計");
        var fine = await _app.PublishedDatasetAsync("BLI", "投保薪資分級表");
        _app.WithDb(db =>
        {
            var d = db.Datasets.Single(x => x.Name == late);
            d.ContactPhone = "請洽總機";
            // The sample link declares no encoding, itself wrong information; declared here so only the phone is wrong.
            foreach (var r in db.Resources)
            {
                r.Encoding = "UTF-8";
            }
            return db.SaveChanges();
        });
        async Task<int> SendAsync()
        {
            using var scope = _app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<Kaifang.Quality.QualityDigest>().SendAsync(CancellationToken.None);
        }
        Assert.Equal(1, await SendAsync());
        Assert.Equal(0, await SendAsync());
        var digest = Assert.Single(_app.WithDb(db => db.OutboxMessages.Where(m => m.Topic == Kaifang.Quality.QualityDigest.Topic).ToList()));
        Assert.Equal("data@bli.gov.tw", digest.To);
        Assert.Equal("2026-W53", digest.Regarding);
        Assert.Contains("請洽總機", digest.Body, StringComparison.Ordinal);
        Assert.Contains($"/admin/datasets/{late}", digest.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(fine, digest.Body, StringComparison.Ordinal);
        // The next week, another.
        _app.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await SendAsync());
    }
}
