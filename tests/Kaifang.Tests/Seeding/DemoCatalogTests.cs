using System.Text;
using Kaifang.Auditing;
using Kaifang.Catalog;
using Kaifang.Seeding;
using Kaifang.Storage;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Seeding;

public sealed class DemoCatalogTests(DemoCatalogAppFactory app) : IClassFixture<DemoCatalogAppFactory>
{
    private FileStore Files => app.Services.GetRequiredService<FileStore>();

    [Fact]
    public async Task Seeds_at_least_250_published_sample_datasets_across_the_six_agencies()
    {
        var counts = await app.WithDbAsync(db => db.Datasets
            .GroupBy(d => new { d.Agency!.Code, d.Status })
            .Select(g => new { g.Key.Code, g.Key.Status, Count = g.Count() })
            .ToListAsync());

        Assert.True(counts.Where(c => c.Status == DatasetStatus.Published).Sum(c => c.Count) >= 250);
        Assert.Contains(counts, c => c.Status == DatasetStatus.Draft);
        Assert.Contains(counts, c => c.Status == DatasetStatus.Withdrawn);
        Assert.Equal(["BLF", "BLI", "ILOSH", "MOL", "OSHA", "WDA"], counts.Select(c => c.Code).Distinct().Order());
        Assert.True(counts.Where(c => c.Code == "BLI").Sum(c => c.Count) > counts.Where(c => c.Code == "MOL").Sum(c => c.Count));
        Assert.True(await app.WithDbAsync(db => db.Datasets.AllAsync(d => d.IsSample)));
    }

    [Theory]
    [InlineData("勞工保險投保薪資分級表", "29500")]
    [InlineData("最低工資歷年調整", "29500")]
    [InlineData("職業災害統計", "死亡人數")]
    [InlineData("就業服務站", "地址")]
    public async Task Well_known_dataset_is_published_with_downloadable_files(string title, string expectedInCsv)
    {
        var dataset = await app.WithDbAsync(db => db.Datasets.Include(d => d.Resources)
            .FirstAsync(d => d.Title.Contains(title)));

        Assert.Equal(DatasetStatus.Published, dataset.Status);
        Assert.True(dataset.Resources.Count >= 2);
        foreach (var resource in dataset.Resources)
        {
            Assert.Null(resource.Url);
            Assert.True(Files.Exists(resource.FileHash!));
            Assert.Equal(resource.Size, new FileInfo(Files.PathFor(resource.FileHash!)).Length);
            Assert.StartsWith(dataset.Identifier + "-", resource.Identifier, StringComparison.Ordinal);
        }
        var csv = await ReadTextAsync(dataset.Resources.Single(r => r.Format == "CSV"));
        Assert.Contains(expectedInCsv, csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_header_matches_the_main_fields_description()
    {
        var datasets = await app.WithDbAsync(db => db.Datasets.Include(d => d.Resources).Take(40).ToListAsync());
        foreach (var dataset in datasets)
        {
            var header = (await ReadTextAsync(dataset.Resources.Single(r => r.Format == "CSV"))).Split("\r\n")[0];
            var described = string.Join(',', dataset.MainFieldsDescription.Split('、').Select(f => f[..f.IndexOf('(', StringComparison.Ordinal)]));
            Assert.Equal(described, header);
        }
    }

    [Fact]
    public async Task Identifiers_follow_the_organisation_code_and_serial_form()
    {
        var datasets = await app.WithDbAsync(db => db.Datasets.Include(d => d.Agency).ToListAsync());
        Assert.All(datasets, d =>
        {
            Assert.Matches($"^{d.Agency!.OrganisationCode}-\\d{{6}}$", d.Identifier);
            Assert.Equal(d.Identifier.ToLowerInvariant(), d.Name);
        });
    }

    [Fact]
    public async Task Some_csv_files_are_big5_and_decode_as_big5()
    {
        var resource = await app.WithDbAsync(db => db.Resources.FirstAsync(r => r.Encoding == "BIG5"));
        var text = await ReadTextAsync(resource);
        Assert.Contains("年", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', text);
    }

    [Fact]
    public async Task Reports_are_pdf_files_in_the_standard_cjk_font()
    {
        var resource = await app.WithDbAsync(db => db.Resources.FirstAsync(r => r.Format == "PDF"));
        await using var stream = Files.OpenRead(resource.FileHash!);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var pdf = await reader.ReadToEndAsync();
        Assert.StartsWith("%PDF-1.4", pdf, StringComparison.Ordinal);
        Assert.Contains("/BaseFont /MSung-Light /Encoding /UniCNS-UCS2-H", pdf, StringComparison.Ordinal);
        Assert.EndsWith("%%EOF\n", pdf, StringComparison.Ordinal);
        var startxref = int.Parse(pdf[(pdf.LastIndexOf("startxref\n", StringComparison.Ordinal) + 10)..].Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("xref", pdf[startxref..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_seeded_dataset_has_a_creation_audit_entry_by_system()
    {
        var (datasets, audited) = await app.WithDbAsync(async db => (
            await db.Datasets.CountAsync(),
            await db.AuditEntries.CountAsync(e => e.UserName == DemoCatalog.SystemUser && e.Action == AuditAction.Created && e.EntityType == "Dataset")));
        Assert.Equal(datasets, audited);
    }

    [Fact]
    public async Task Sample_comments_show_each_state_of_the_reply_deadline_and_carry_no_address()
    {
        var comments = await app.WithDbAsync(db => db.Comments.AsNoTracking().ToListAsync());
        Assert.Equal(6, comments.Count);
        Assert.All(comments, c => Assert.Null(c.AuthorEmail));
        Assert.Contains(comments, c => c.Status == Kaifang.Feedback.CommentStatus.Replied && c.FirstRepliedOn <= c.DueOn);
        Assert.Contains(comments, c => c.Status == Kaifang.Feedback.CommentStatus.Replied && c.FirstRepliedOn > c.DueOn);
        Assert.Contains(comments, c => c.Status == Kaifang.Feedback.CommentStatus.Reopened);
        var today = Kaifang.Feedback.ReplyDeadline.TaipeiDate(DateTimeOffset.UtcNow);
        Assert.Contains(comments, c => c.AwaitsReply && c.DueOn < today);
        Assert.Contains(comments, c => c.AwaitsReply && c.DueOn >= today);
    }

    [Fact]
    public async Task Seeding_again_adds_nothing()
    {
        var before = await app.WithDbAsync(db => db.Datasets.CountAsync());
        using var scope = app.Services.CreateScope();
        var added = await scope.ServiceProvider.GetRequiredService<DemoCatalog>().SeedAsync(CancellationToken.None);
        Assert.Equal(0, added);
        Assert.Equal(before, await app.WithDbAsync(db => db.Datasets.CountAsync()));
    }

    [Fact]
    public void The_plan_is_the_same_every_time()
    {
        var first = DemoCatalog.Plan();
        var second = DemoCatalog.Plan();
        Assert.Equal(first.Select(p => p.Title), second.Select(p => p.Title));
        Assert.Equal(first.Select(p => string.Join('|', p.Table.Rows.SelectMany(r => r))), second.Select(p => string.Join('|', p.Table.Rows.SelectMany(r => r))));
        Assert.InRange(first.Count, 280, 320);
        Assert.Equal(first.Count, first.Select(p => p.Title).Distinct().Count());
    }

    private async Task<string> ReadTextAsync(Resource resource)
    {
        await using var stream = Files.OpenRead(resource.FileHash!);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        var encoding = resource.Encoding == "BIG5" ? Encoding.GetEncoding(950) : Encoding.UTF8;
        return encoding.GetString(buffer.ToArray());
    }
}
