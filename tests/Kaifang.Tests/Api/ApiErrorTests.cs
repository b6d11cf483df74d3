using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Api;

/// Every error on the API's addresses is a problem-details JSON that says what to fix, in Chinese or English,
/// never the HTML page that people get.
public sealed class ApiErrorTests(KaifangAppFactory app) : IClassFixture<KaifangAppFactory>
{
    [Fact]
    public async Task A_query_parameter_that_cannot_be_read_is_named_with_the_value_it_needs()
    {
        var client = app.CreateClient();
        var zh = await ProblemAsync(await client.GetAsync("/api/v1/datasets?limit=abc"), HttpStatusCode.BadRequest);
        Assert.Equal("limit 的值「abc」須為整數。", zh.GetProperty("errors").GetProperty("limit")[0].GetString());

        var en = await ProblemAsync(await client.GetAsync("/api/v1/datasets?offset=1.5&limit=x&lang=en"), HttpStatusCode.BadRequest);
        var errors = en.GetProperty("errors");
        Assert.Equal("offset must be a whole number; '1.5' is not.", errors.GetProperty("offset")[0].GetString());
        Assert.Equal("limit must be a whole number; 'x' is not.", errors.GetProperty("limit")[0].GetString());
        Assert.Contains("offset", en.GetProperty("title").GetString());

        // Read from a nullable parameter and a route value that passed its constraint alike.
        using var admin = await app.WithTokenAsync("admin");
        var drill = await ProblemAsync(await admin.GetAsync("/api/v1/evaluation/2027/agencies/BLI/growth?quarter=first&lang=en"), HttpStatusCode.BadRequest);
        Assert.Equal("quarter must be a whole number; 'first' is not.", drill.GetProperty("errors").GetProperty("quarter")[0].GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_the_json_asked_for_is_refused_with_where_it_went_wrong_and_nothing_saved()
    {
        var client = await app.WithTokenAsync("bli-officer");
        var before = await app.WithDbAsync(db => Task.FromResult(db.Datasets.Count()));

        var broken = await ProblemAsync(await client.PostAsync("/api/v1/datasets?lang=en", new StringContent("{\"title\": ", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Contains("not valid JSON", broken.GetProperty("title").GetString());

        var wrongType = await ProblemAsync(await client.PostAsync("/api/v1/datasets?lang=en", new StringContent("{\"title\": 5}", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.True(wrongType.GetProperty("errors").TryGetProperty("title", out var title), wrongType.ToString());
        Assert.Contains("title", title[0].GetString());

        var zh = await ProblemAsync(await client.PostAsync("/api/v1/datasets", new StringContent("[1, 2]", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Contains("JSON", zh.GetProperty("title").GetString());
        Assert.Contains("未儲存", zh.GetProperty("title").GetString());

        Assert.Equal(before, await app.WithDbAsync(db => Task.FromResult(db.Datasets.Count())));
    }

    [Fact]
    public async Task A_body_of_another_media_type_gets_415_with_the_one_accepted()
    {
        var client = await app.WithTokenAsync("bli-officer");
        var problem = await ProblemAsync(await client.PostAsync("/api/v1/datasets?lang=en", new StringContent("title=x", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_method_the_address_does_not_take_gets_405_with_the_methods_it_does()
    {
        var client = await app.WithTokenAsync("bli-officer");
        var response = await client.PatchAsync("/api/v1/datasets?lang=en", JsonContent.Create(new { }));
        var problem = await ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("PATCH", problem.GetProperty("title").GetString());
        Assert.Contains("GET", problem.GetProperty("title").GetString());
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task An_address_that_is_not_in_the_api_gets_404_pointing_at_its_reference()
    {
        var client = app.CreateClient();
        var problem = await ProblemAsync(await client.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound);
        Assert.Contains("/api/docs", problem.GetProperty("detail").GetString());

        // A dataset that does not exist keeps the message its endpoint gives.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/datasets/no-such-dataset")).StatusCode);
    }

    [Fact]
    public async Task A_missing_or_unknown_token_gets_401_saying_how_to_sign_requests()
    {
        var anonymous = await ProblemAsync(await app.CreateClient().GetAsync("/api/v1/evaluation/2027?lang=en"), HttpStatusCode.Unauthorized);
        Assert.Contains("Authorization", anonymous.GetProperty("detail").GetString());

        var stranger = app.CreateClient();
        stranger.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "not-a-token");
        await ProblemAsync(await stranger.GetAsync("/api/v1/evaluation/2027"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Pages_keep_their_html_error_pages()
    {
        var response = await app.CreateClient().GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body[..Math.Min(300, body.Length)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }
}
