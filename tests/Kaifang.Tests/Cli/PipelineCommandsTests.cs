using System.Security.Cryptography;
using System.Text;
using Kaifang.Pipelines.Runs;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Cli;

public sealed class PipelineCommandsTests : IDisposable
{
    private readonly CliRun _cli = new() { SeedDemoCatalog = true };

    public void Dispose() => _cli.Dispose();

    /// A pipeline on a demo resource reading an uploaded Big5 file, put in the store as an upload does.
    private async Task<Guid> UploadPipelineAsync(byte[] file, string steps, string? schema = null)
    {
        await _cli.RunAsync("pipeline", "list");
        var hash = Convert.ToHexStringLower(SHA256.HashData(file));
        var path = Path.Combine(_cli.DataDirectory, "files", hash[..2], hash);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, file);
        await using var db = _cli.OpenDb();
        var resource = await db.Resources.Include(r => r.Dataset).FirstAsync(r => r.Dataset!.HarvestSourceId == null);
        var pipeline = new Pipeline
        {
            Id = Guid.NewGuid(),
            DatasetId = resource.DatasetId,
            ResourceId = resource.Id,
            SourceKind = PipelineSourceKind.Upload,
            Source = new PipelineSource { FileHash = hash, FileName = "名冊.csv", Format = "csv" }.ToJson(),
            Steps = steps,
            Schema = schema,
        };
        db.Pipelines.Add(pipeline);
        await db.SaveChangesAsync();
        return pipeline.Id;
    }

    [Fact]
    public async Task Run_prints_the_report_and_a_second_run_is_unchanged()
    {
        var file = Kaifang.Storage.TextDecoding.Big5.GetBytes("代碼,投保日期,投保薪資\r\n001,105/03/01,\"45,800\"\r\n002,105/02/30,\"38,200\"\r\n");
        var id = await UploadPipelineAsync(file, """[{"kind":"convert-roc-dates","columns":["投保日期"]},{"kind":"convert-numbers","columns":["投保薪資"]}]""");

        var (_, list) = await _cli.RunAsync("pipeline", "list");
        Assert.Contains(id.ToString(), list);
        Assert.Contains("never", list);

        var (exit, output) = await _cli.RunAsync("pipeline", "run", id.ToString()[..8]);
        Assert.True(exit == 0, output);
        Assert.Contains("Succeeded: 2 rows in, 2 out", output);
        Assert.Contains("row 3, 投保日期", output);
        Assert.Contains("The file was read as Big5", output);

        var (again, second) = await _cli.RunAsync("pipeline", "run", id.ToString());
        Assert.Equal(0, again);
        Assert.Contains("Unchanged", second);
    }

    [Fact]
    public async Task An_invalid_run_exits_1_with_the_validation_errors()
    {
        var id = await UploadPipelineAsync("代碼,人數\n001,12\n002,many\n"u8.ToArray(), "[]",
            """{"fields":[{"name":"代碼","type":"string"},{"name":"人數","type":"integer"}]}""");
        var (exit, output) = await _cli.RunAsync("pipeline", "run", id.ToString());
        Assert.Equal(1, exit);
        Assert.Contains("Invalid", output);
        Assert.Contains("type-error", output);

        var (unknown, message) = await _cli.RunAsync("pipeline", "run", "ffffffff");
        Assert.Equal(1, unknown);
        Assert.Contains("kaifang pipeline list", message);
    }
}
