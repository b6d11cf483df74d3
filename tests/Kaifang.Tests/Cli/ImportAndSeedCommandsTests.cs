using System.Text;
using Kaifang.Tests.Infrastructure;
using Kaifang.Tests.Interop.NationalPlatform;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Cli;

public sealed class ImportAndSeedCommandsTests : IDisposable
{
    private readonly CliRun _cli = new();

    [Fact]
    public async Task First_run_creates_the_database_and_shows_the_staff_accounts_once()
    {
        var (_, first) = await _cli.RunAsync("users", "list");
        var (_, second) = await _cli.RunAsync("users", "list");

        Assert.Contains("New database", first, StringComparison.Ordinal);
        Assert.DoesNotContain("New database", second, StringComparison.Ordinal);
        // On SQLite the database is a file in the data directory; on PostgreSQL the one configured.
        Assert.Equal(!TestDatabase.IsPostgreSql, File.Exists(Path.Combine(_cli.DataDirectory, "kaifang.db")));
        using var db = _cli.OpenDb();
        Assert.Equal(6, db.Agencies.Count());
    }

    [Fact]
    public async Task Import_national_loads_the_file_and_reports_bad_rows_by_number()
    {
        var file = Path.Combine(Path.GetTempPath(), $"national-{Guid.NewGuid():N}.csv");
        await using (var content = NationalExportFile.Build(NationalExportFile.OfficialHeader,
            "A17000000J-000501,勞資爭議統計,原始資料,公共資訊,金,CSV;JSON,https://www.mol.gov.tw/a.csv;https://www.mol.gov.tw/a.json,UTF-8,手動上架,說明,,勞動部,每1年,政府資料開放授權條款-第1版,,免費,陳怡君,02-85902866,2016-03-01 10:00:00,,,",
            ",沒有識別碼,原始資料,公共資訊,,CSV,https://x/a.csv,UTF-8,手動上架,說明,,勞動部,每1年,政府資料開放授權條款-第1版,,免費,,,2016-03-01,,,"))
        await using (var target = File.Create(file))
        {
            await content.CopyToAsync(target);
        }
        try
        {
            var (exit, output) = await _cli.RunAsync("import", "national", file);

            Assert.Equal(0, exit);
            Assert.True(output.Contains("row 3:", StringComparison.Ordinal), output);
            Assert.True(output.Contains("資料集識別碼", StringComparison.Ordinal), output);
            await using var db = _cli.OpenDb();
            var dataset = await db.Datasets.Include(d => d.Resources).SingleAsync(d => d.Identifier == "A17000000J-000501");
            Assert.Equal(2, dataset.Resources.Count);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Import_of_a_missing_file_fails()
    {
        var (exit, output) = await _cli.RunAsync("import", "national", "/nonexistent/export.csv");
        Assert.Equal(1, exit);
        Assert.Contains("No such file", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_of_a_file_that_is_not_an_export_fails_with_the_reason()
    {
        var file = Path.Combine(Path.GetTempPath(), $"not-national-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "a,b\r\n1,2\r\n", Encoding.UTF8);
        try
        {
            var (exit, output) = await _cli.RunAsync("import", "national", file);
            Assert.Equal(1, exit);
            Assert.Contains("資料集識別碼", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Seed_demo_adds_the_demo_catalog_once()
    {
        var (exit, output) = await _cli.RunAsync("seed", "demo");
        var (_, again) = await _cli.RunAsync("seed", "demo");

        Assert.Equal(0, exit);
        Assert.Contains("sample datasets", output, StringComparison.Ordinal);
        Assert.Contains("already there", again, StringComparison.Ordinal);
        await using var db = _cli.OpenDb();
        Assert.True(await db.Datasets.CountAsync(d => d.IsSample) >= 250);
    }

    [Fact]
    public async Task Help_lists_the_commands()
    {
        var (exit, output) = await _cli.RunAsync("--help");
        Assert.Equal(0, exit);
        Assert.Contains("import", output, StringComparison.Ordinal);
        Assert.Contains("users", output, StringComparison.Ordinal);
        Assert.Contains("seed", output, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();
}
