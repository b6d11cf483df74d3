using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Datastore;

/// datastore_search_sql: the SELECTs it answers, and every kind of statement it refuses.
public sealed class DatastoreSqlTests(WageTableAppFactory app) : IClassFixture<WageTableAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    private string Table => $"\"{app.WageResource}\"";

    private async Task<(HttpStatusCode Status, JsonElement Body)> SqlAsync(string sql)
    {
        var response = await _client.PostAsJsonAsync("/api/3/action/datastore_search_sql", new { sql });
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    [Fact]
    public async Task A_select_returns_records_and_fields()
    {
        var sql = $"SELECT 縣市, count(*) AS 家數, sum(人數) AS 人數 FROM {Table} WHERE 公告 = 1 GROUP BY 縣市 ORDER BY 縣市";
        var (status, body) = await SqlAsync(sql);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var result = body.GetProperty("result");
        Assert.Equal(sql, result.GetProperty("sql").GetString());
        Assert.Equal(["縣市", "家數", "人數"], result.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        var records = result.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(5, records.Count);
        // 新北市 has the even codes 006, 016, 026: 60 + 160 + 260 people.
        Assert.Equal("新北市", records[0].GetProperty("縣市").GetString());
        Assert.Equal(3, records[0].GetProperty("家數").GetInt32());
        Assert.Equal(480, records[0].GetProperty("人數").GetInt32());
    }

    [Fact]
    public async Task By_get_with_a_cte_and_a_trailing_semicolon()
    {
        var sql = $"WITH t AS (SELECT 代碼 FROM {Table} WHERE 人數 > 280) SELECT * FROM t;";
        var response = await _client.GetAsync($"/api/3/action/datastore_search_sql?sql={Uri.EscapeDataString(sql)}");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(["029", "030"], body.GetProperty("result").GetProperty("records").EnumerateArray().Select(r => r.GetProperty("代碼").GetString()));
    }

    [Theory]
    [InlineData("INSERT INTO \"{0}\" (代碼) VALUES ('x')", "SELECT")]
    [InlineData("UPDATE \"{0}\" SET 人數 = 0", "SELECT")]
    [InlineData("DROP TABLE \"{0}\"", "SELECT")]
    [InlineData("ATTACH DATABASE 'kaifang.db' AS k", "SELECT")]
    [InlineData("PRAGMA table_info(\"{0}\")", "SELECT")]
    [InlineData("SELECT 1; DELETE FROM \"{0}\"", "one statement")]
    [InlineData("SELECT 1; SELECT 2", "one statement")]
    [InlineData("SELECT * FROM \"{0}\" WHERE 1 IN (SELECT 1 FROM pragma_table_info('{0}')) -- PRAGMA hidden in a function", "not allowed")]
    [InlineData("SELECT load_extension('/tmp/evil.so')", "load_extension")]
    [InlineData("", "Missing")]
    public async Task Statements_other_than_one_select_are_validation_errors(string template, string message)
    {
        var (status, body) = await SqlAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, app.WageResource));
        var error = body.GetProperty("error");
        if (status == HttpStatusCode.Forbidden)
        {
            Assert.Equal("Authorization Error", error.GetProperty("__type").GetString());
            Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
            return;
        }
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Validation Error", error.GetProperty("__type").GetString());
        Assert.Contains(message, error.GetProperty("sql")[0].GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("SELECT * FROM _datastore_tables", "_datastore_tables")]
    [InlineData("SELECT name, sql FROM sqlite_master", "sqlite_master")]
    [InlineData("SELECT * FROM sqlite_schema", "sqlite_")]
    [InlineData("SELECT sqlite_version()", "sqlite_version")]
    [InlineData("SELECT zeroblob(1000000000)", "zeroblob")]
    [InlineData("SELECT * FROM \"{0}\" JOIN _datastore_tables ON 1 = 1", "_datastore_tables")]
    public async Task Reading_internals_or_calling_unlisted_functions_is_forbidden(string template, string named)
    {
        var (status, body) = await SqlAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, app.WageResource));
        var error = body.GetProperty("error");
        Assert.True(status == HttpStatusCode.Forbidden, body.ToString());
        Assert.Equal("Authorization Error", error.GetProperty("__type").GetString());
        Assert.Contains(named, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_runaway_recursive_query_is_stopped_at_the_time_limit()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (status, body) = await SqlAsync("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n");
        Assert.True(status == HttpStatusCode.Conflict, body.ToString());
        Assert.Contains("limit", body.GetProperty("error").GetProperty("sql")[0].GetString());
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_value_too_large_to_hold_is_refused()
    {
        var (status, body) = await SqlAsync("SELECT printf('%.*c', 500000000, 'x') AS big");
        Assert.True(status == HttpStatusCode.Conflict, body.ToString());
        Assert.Contains("too big", body.GetProperty("error").GetProperty("sql")[0].GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Rows_past_the_cap_are_cut_and_said_to_be()
    {
        var (status, body) = await SqlAsync("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 40000) SELECT i FROM n");
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal(32000, body.GetProperty("result").GetProperty("records").GetArrayLength());
        Assert.True(body.GetProperty("result").GetProperty("records_truncated").GetBoolean());
    }

    [Fact]
    public async Task Refused_statements_leave_both_databases_as_they_were()
    {
        var datasets = await app.WithDbAsync(db => db.Datasets.CountAsync());
        await SqlAsync($"DELETE FROM {Table}");
        await SqlAsync($"SELECT 1; DROP TABLE {Table}");
        await SqlAsync("SELECT * FROM main.sqlite_master; DELETE FROM Datasets");
        var (status, body) = await SqlAsync($"SELECT count(*) AS n FROM {Table}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(30, body.GetProperty("result").GetProperty("records")[0].GetProperty("n").GetInt32());
        Assert.Equal(datasets, await app.WithDbAsync(db => db.Datasets.CountAsync()));
        // The main database is a different file: its tables are not even there to be read.
        var (_, main) = await SqlAsync("SELECT * FROM Datasets");
        Assert.Contains("Datasets", main.GetProperty("error").ToString());
    }
}
