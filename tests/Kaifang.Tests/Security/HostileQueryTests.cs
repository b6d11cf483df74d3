using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kaifang.Tests.Datastore;

namespace Kaifang.Tests.Security;

/// Malformed search syntax and SQL injection attempts over HTTP: each is answered (200) or refused with a
/// message (400; a DataStore parameter that names no field is a validation error, 409 as in CKAN), never a
/// server error, and the DataStore's tables are as they were afterwards.
public sealed class HostileQueryTests(WageTableAppFactory app) : IClassFixture<WageTableAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Malformed_q_and_fq_are_searched_or_refused_with_a_message_never_a_server_error()
    {
        var random = new Random(20261129);
        var problems = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var text = ParserFuzzTests.RandomQuery(random);
            var escaped = Uri.EscapeDataString(text.Replace("\0", "", StringComparison.Ordinal));
            var which = i % 3;
            var url = which switch
            {
                0 => $"/api/3/action/package_search?q={escaped}",
                1 => $"/api/3/action/package_search?fq={escaped}",
                _ => $"/datasets?q={escaped}",
            };
            var response = await _client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.BadRequest && which < 2)
            {
                // CKAN's error object, with the reason.
                var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
                if (string.IsNullOrWhiteSpace(error.ToString()))
                {
                    problems.Add($"{url}: 400 without a message");
                }
            }
            else if (response.StatusCode != HttpStatusCode.OK)
            {
                problems.Add($"{url}: {(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10)));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/3/action/package_search?q=*:*")).StatusCode);
    }

    [Theory]
    [InlineData("q", "book", "characters")]
    [InlineData("fq", "book", "characters")]
    [InlineData("q", "words", "terms to look up")]
    [InlineData("fq", "words", "terms to look up")]
    [InlineData("q", "chinese", "terms to look up")]
    public async Task Searches_too_long_to_look_up_are_refused_for_machines_with_the_limit_and_searched_in_part_for_people(string parameter, string kind, string reason)
    {
        var text = kind switch
        {
            // 40,000 words, 330 KB: over the length limit.
            "book" => string.Join(' ', Enumerable.Range(0, 40_000).Select(i => $"勞工{i}")),
            // Under the length limit, over Lucene's 1,024 terms.
            "words" => string.Join(' ', Enumerable.Range(0, 1_200).Select(i => $"w{i % 10}")),
            _ => string.Concat(Enumerable.Repeat("勞工保險投保薪資分級表", 300)),
        };
        var response = await _client.PostAsync("/api/3/action/package_search",
            JsonContent.Create(new Dictionary<string, string> { [parameter] = parameter == "fq" ? $"title:({text})" : text }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body[..Math.Min(300, body.Length)]}");
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal("Search Query Error", error.GetProperty("__type").GetString());
        Assert.True(error.ToString().Contains(reason, StringComparison.Ordinal), error.ToString());

        if (kind != "book")
        {
            // A person who pastes the same into the search box gets its first words searched.
            var page = await _client.GetAsync($"/datasets?q={Uri.EscapeDataString(text)}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/3/action/package_search?q=勞工")).StatusCode);
    }

    [Theory]
    [InlineData("q=title:/(a|b)*a(a|b){20}/")]
    [InlineData("fq=title:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa*b")]
    [InlineData("fq=title:a*b*c*d*e*")]
    public async Task Patterns_too_costly_to_search_are_refused_for_machines_with_the_reason(string query)
    {
        var response = await _client.GetAsync($"/api/3/action/package_search?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").ToString();
        Assert.Matches("Regular expressions|at most 100 characters|at most 4 wildcards", error);
        // People who type the same get their words searched.
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/datasets?{query.Replace("fq=", "q=", StringComparison.Ordinal)}")).StatusCode);
    }

    [Theory]
    [InlineData("filters", "{\"縣市\":\"臺北市' OR '1'='1\"}", HttpStatusCode.OK)]
    [InlineData("filters", "{\"縣市\\\" OR 1=1 --\":\"x\"}", HttpStatusCode.Conflict)]
    [InlineData("sort", "人數; DROP TABLE datastore_meta", HttpStatusCode.Conflict)]
    [InlineData("sort", "(SELECT 1)", HttpStatusCode.Conflict)]
    [InlineData("fields", "代碼,\"; DELETE FROM x; --", HttpStatusCode.Conflict)]
    [InlineData("q", "'); DROP TABLE datastore_meta; --", HttpStatusCode.OK)]
    [InlineData("q", "\" OR 1=1 MATCH *", HttpStatusCode.OK)]
    [InlineData("distinct", "true; ATTACH DATABASE '/tmp/x' AS x", HttpStatusCode.Conflict)]
    public async Task Sql_injection_in_datastore_parameters_finds_nothing_or_is_refused_and_changes_nothing(string parameter, string value, HttpStatusCode expected)
    {
        var response = await _client.GetAsync($"/api/3/action/datastore_search?resource_id={app.WageResource}&{parameter}={Uri.EscapeDataString(value)}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(0, JsonDocument.Parse(body).RootElement.GetProperty("result").GetProperty("total").GetInt32());
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(JsonDocument.Parse(body).RootElement.GetProperty("error").ToString()));
        }
        var table = JsonDocument.Parse(await _client.GetStringAsync($"/api/3/action/datastore_search?resource_id={app.WageResource}&limit=1")).RootElement;
        Assert.Equal(30, table.GetProperty("result").GetProperty("total").GetInt32());
    }
}
