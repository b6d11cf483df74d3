using Kaifang.Tests.Interop.NationalPlatform;

namespace Kaifang.Tests.Cli;

public sealed class ExportCommandsTests : IDisposable
{
    private readonly CliRun _cli = new();
    private readonly CliRun _other = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"kaifang-export-{Guid.NewGuid():N}");

    public ExportCommandsTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task Export_national_csv_writes_back_the_file_that_was_imported()
    {
        var source = Path.Combine(_folder, "national.csv");
        await File.WriteAllBytesAsync(source, NationalExportTests.FixtureBytes());
        var (imported, importOutput) = await _cli.RunAsync("import", "national", source);
        Assert.True(imported == 0, importOutput);

        var target = Path.Combine(_folder, "out.csv");
        var (exit, output) = await _cli.RunAsync("export", "national", "--format", "csv", "--output", target);

        Assert.True(exit == 0, output);
        Assert.Contains("Wrote", output, StringComparison.Ordinal);
        Assert.Equal(NationalExportTests.FixtureBytes(), await File.ReadAllBytesAsync(target));
        Assert.False(File.Exists(target + ".partial"));
    }

    [Fact]
    public async Task Export_national_json_imports_into_another_catalog_as_the_same_list()
    {
        var source = Path.Combine(_folder, "national.csv");
        await File.WriteAllBytesAsync(source, NationalExportTests.FixtureBytes());
        await _cli.RunAsync("import", "national", source);
        var json = Path.Combine(_folder, "list.json");
        var (exit, output) = await _cli.RunAsync("export", "national", "--format", "json", "--output", json);
        Assert.True(exit == 0, output);

        var (imported, importOutput) = await _other.RunAsync("import", "national", json);
        Assert.True(imported == 0, importOutput);
        var csv = Path.Combine(_folder, "again.csv");
        await _other.RunAsync("export", "national", "--output", csv);

        Assert.Equal(NationalExportTests.FixtureBytes(), await File.ReadAllBytesAsync(csv));
    }

    [Fact]
    public async Task An_unknown_format_is_refused()
    {
        var (exit, _) = await _cli.RunAsync("export", "national", "--format", "xlsx", "--output", Path.Combine(_folder, "x.xlsx"));
        Assert.NotEqual(0, exit);
    }

    public void Dispose()
    {
        _cli.Dispose();
        _other.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
