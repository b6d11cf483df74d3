using System.Globalization;
using System.Text;
using Kaifang.Agencies;
using Kaifang.Auditing;
using Kaifang.Catalog;
using Kaifang.Seeding.Files;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Kaifang.Seeding;

/// The demo catalog: about 300 published sample datasets across the ministry's agencies, each with
/// real files (CSV, JSON, XLSX, PDF) in the file store, so that a new installation can be tried out
/// at once. Generated from a fixed seed: every installation gets the same titles, tables and figures.
public sealed class DemoCatalog(KaifangDbContext db, FileStore files, TimeProvider time, ILogger<DemoCatalog> logger)
{
    public const int RandomSeed = 20160101;
    public const string SystemUser = "system";

    /// Datasets per agency, about four-fifths of ACTION-PLAN S13's 2016 column (385 in all).
    public static readonly IReadOnlyList<(string AgencyCode, int Datasets)> DatasetsPerAgency =
        [("MOL", 44), ("BLI", 118), ("WDA", 65), ("BLF", 32), ("OSHA", 27), ("ILOSH", 16)];

    static DemoCatalog()
    {
        // Big5 (code page 950) is not built into .NET; a few demo files are Big5 as many agencies' files are.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// Seeds the catalog unless sample datasets already exist; returns how many datasets were added.
    /// Runs inside the caller's transaction when there is one, otherwise in its own.
    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Datasets.AnyAsync(d => d.IsSample, cancellationToken))
        {
            return 0;
        }
        var agencies = await db.Agencies.ToDictionaryAsync(a => a.Code, cancellationToken);
        var plans = Plan().Where(p => agencies.ContainsKey(p.AgencyCode)).ToList();
        var serials = await NextSerialsAsync(agencies.Values, cancellationToken);

        await using var transaction = db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(cancellationToken)
            : null;
        var random = new Random(RandomSeed);
        var now = time.GetUtcNow();
        for (var i = 0; i < plans.Count; i++)
        {
            var plan = plans[i];
            var agency = agencies[plan.AgencyCode];
            var identifier = $"{agency.OrganisationCode}-{serials[agency.Code]++:000000}";
            var dataset = NewDataset(plan, agency, identifier, i, random, now);
            await AddResourcesAsync(dataset, plan, i, cancellationToken);
            db.Datasets.Add(dataset);
            db.AuditEntries.Add(DatasetAudit.Entry(SystemUser, null, now, nameof(Dataset), dataset.Id, dataset.Id, AuditAction.Created,
                DatasetAudit.Diff(null, DatasetAudit.Snapshot(dataset))));
        }
        await db.SaveChangesAsync(cancellationToken);
        await DemoFeedback.SeedAsync(db, now, cancellationToken);
        await DemoPromotion.SeedAsync(db, now, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        logger.LogInformation("Seeded the demo catalog: {Count} datasets", plans.Count);
        return plans.Count;
    }

    /// What the demo catalog holds, before any file is written: the well-known datasets first, then
    /// each agency's statistical subjects broken down by their dimensions, shuffled with the fixed seed.
    public static IReadOnlyList<DemoDatasetPlan> Plan()
    {
        var random = new Random(RandomSeed);
        var wellKnown = DemoWellKnownDatasets.All(random).ToList();
        var plans = new List<DemoDatasetPlan>(wellKnown);
        foreach (var (code, count) in DatasetsPerAgency)
        {
            var combinations = DemoVocabulary.Topics[code]
                .SelectMany(topic => topic.Dimensions.Select(dimension => (topic, dimension)))
                .ToArray();
            random.Shuffle(combinations);
            var wanted = count - wellKnown.Count(p => p.AgencyCode == code);
            var k = 0;
            foreach (var (topic, dimension) in combinations.Take(wanted))
            {
                plans.Add(Statistics(code, topic, dimension, random, k++));
            }
        }
        return plans;
    }

    private static DemoDatasetPlan Statistics(string agencyCode, DemoTopic topic, DemoDimension dimension, Random random, int k)
    {
        var table = StatisticsTable(topic, dimension, random);
        var period = dimension.IsMonthly ? "資料期間為民國113年1月至114年12月" : "涵蓋民國112年至114年";
        var frequency = k % 29 == 11 ? UpdateFrequency.Irregular : topic.Frequency;
        var description = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"本資料集提供{topic.Title}按{dimension.TitleWords}分之統計，{period}。")
            .Append(CultureInfo.InvariantCulture, $"主要統計項目為{string.Join("、", topic.Metrics.Select(m => $"{m.Column}（{m.Meaning}）"))}。")
            .Append(CultureInfo.InvariantCulture, $"資料來源為本機關業務資料庫，{FrequencySentence(frequency)}。");
        if (k % 3 == 0)
        {
            description.Append("數值經四捨五入，分項加總與合計可能略有差異。");
        }
        var files = (k % 4) switch
        {
            0 => DemoFileKinds.CsvJsonXlsx,
            3 when k % 7 == 0 => DemoFileKinds.Csv,
            _ => DemoFileKinds.CsvJson,
        };
        return new DemoDatasetPlan(
            agencyCode,
            $"{topic.Title}－按{dimension.TitleWords}",
            k % 7 == 5 ? null : $"{topic.TitleEn} {dimension.TitleWordsEn}",
            description.ToString(),
            topic.ServiceCategory,
            [.. topic.Keywords, dimension.TitleWords],
            frequency,
            table,
            files,
            Report: agencyCode == "ILOSH" || k % 10 == 9,
            Automated: k % 6 == 2);
    }

    private static string FrequencySentence(UpdateFrequency frequency) => frequency switch
    {
        { Kind: UpdateFrequencyKind.Irregular } => "不定期更新",
        { Kind: UpdateFrequencyKind.RealTime } => "即時更新",
        { Unit: FrequencyUnit.Month, Interval: 1 } => "每月更新",
        { Unit: FrequencyUnit.Month, Interval: 3 } => "每季更新",
        { Unit: FrequencyUnit.Year, Interval: 1 } => "每年更新",
        _ => $"{frequency}更新",
    };

    private static DemoTable StatisticsTable(DemoTopic topic, DemoDimension dimension, Random random)
    {
        var metricColumns = topic.Metrics.Select(m => new DemoColumn(m.Column, m.Meaning, Numeric: true)).ToList();
        var rows = new List<string[]>();
        if (dimension.IsMonthly)
        {
            foreach (var year in new[] { 113, 114 })
            {
                for (var month = 1; month <= 12; month++)
                {
                    rows.Add([$"{year}{month:00}", .. topic.Metrics.Select(m => Value(m, random))]);
                }
            }
            return new([new(dimension.Column, dimension.Meaning), .. metricColumns], rows);
        }
        foreach (var year in new[] { 112, 113, 114 })
        {
            foreach (var value in dimension.Values)
            {
                rows.Add([year.ToString(CultureInfo.InvariantCulture), value, .. topic.Metrics.Select(m => Value(m, random))]);
            }
        }
        return new([new("年度", "民國年"), new(dimension.Column, dimension.Meaning), .. metricColumns], rows);
    }

    // Percentages and other narrow ranges get one decimal; counts and amounts are whole numbers.
    private static string Value(DemoMetric metric, Random random) => metric.Max - metric.Min < 100
        ? (random.Next(metric.Min * 10, metric.Max * 10) / 10m).ToString("0.0", CultureInfo.InvariantCulture)
        : random.Next(metric.Min, metric.Max).ToString(CultureInfo.InvariantCulture);

    private static Dataset NewDataset(DemoDatasetPlan plan, Agency agency, string identifier, int index, Random random, DateTimeOffset now)
    {
        var status = index % 41 == 17 ? DatasetStatus.Draft : index % 59 == 23 ? DatasetStatus.Withdrawn : DatasetStatus.Published;
        // The well-known datasets were among the first the ministry opened; the rest spread from 2013 to now.
        var earliest = new DateTimeOffset(2013, 3, 1, 1, 0, 0, TimeSpan.Zero);
        var latest = now.AddDays(-14);
        var span = (latest - earliest).TotalDays;
        var published = earliest.AddDays(index < 11 ? random.Next(0, 900) : random.NextDouble() * span);
        var modified = published.AddDays(random.NextDouble() * (latest - published).TotalDays);
        var (phonePrefix, mailDomain) = DemoVocabulary.Contacts[agency.Code];
        return new Dataset
        {
            Id = Guid.CreateVersion7(now),
            Identifier = identifier,
            Name = identifier.ToLowerInvariant(),
            Title = plan.Title,
            TitleEn = plan.TitleEn,
            Description = plan.Description,
            AgencyId = agency.Id,
            ProvisionType = plan.Report && plan.AgencyCode == "ILOSH" ? ProvisionTypes.ValueAdded : ProvisionTypes.Raw,
            ServiceCategory = plan.ServiceCategory,
            QualityMark = status == DatasetStatus.Draft ? null : (index % 5) switch { 0 => "白金", 1 or 2 => "金", 3 => "銀", _ => "銅" },
            ListingMethod = plan.Automated ? ListingMethods.Automated : ListingMethods.Manual,
            MainFieldsDescription = plan.Table.MainFieldsDescription,
            UpdateFrequency = plan.Frequency,
            RelatedUrl = agency.Website,
            // Most sample datasets say where and since when they cover; some leave it out, as real ones do.
            SpatialCoverage = index % 5 == 4 ? null : "臺灣地區",
            CoverageStart = index % 3 == 2 ? null : new DateOnly(2010 + index % 8, 1, 1),
            ContactName = DemoVocabulary.PersonName(random),
            ContactPhone = $"{phonePrefix}{random.Next(1000, 9999)}",
            ContactEmail = $"{DemoVocabulary.Mailbox(random)}@{mailDomain}",
            DataVolume = plan.Table.Rows.Count.ToString(CultureInfo.InvariantCulture),
            Keywords = [.. plan.Keywords],
            Status = status,
            IsSample = true,
            FirstPublishedAt = status == DatasetStatus.Draft ? null : published,
            CreatedAt = published.AddDays(-random.Next(3, 30)),
            MetadataModifiedAt = status == DatasetStatus.Draft ? published : modified,
            DataModifiedAt = status == DatasetStatus.Draft ? null : modified,
        };
    }

    private async Task AddResourcesAsync(Dataset dataset, DemoDatasetPlan plan, int index, CancellationToken cancellationToken)
    {
        var position = 0;
        async Task Add(string format, string extension, string mediaType, string? encoding, byte[] content)
        {
            position++;
            var stored = await files.SaveAsync(content, cancellationToken);
            dataset.Resources.Add(new Resource
            {
                Id = Guid.CreateVersion7(dataset.CreatedAt),
                Identifier = $"{dataset.Identifier}-{position:000}",
                Position = position,
                Name = $"{plan.Title}（{format}）",
                Description = format == "PDF" ? "統計摘要報告" : $"{plan.Title}，{format}格式",
                Format = format,
                Encoding = encoding,
                FileHash = stored.Hash,
                FileName = $"{dataset.Name}-{position:000}.{extension}",
                Size = stored.Length,
                MediaType = mediaType,
                CreatedAt = dataset.CreatedAt,
                ModifiedAt = dataset.DataModifiedAt ?? dataset.CreatedAt,
            });
        }

        // A few CSV files in Big5, as many agencies still publish them.
        var big5 = index % 23 == 7;
        var csv = big5
            ? CsvTableWriter.Write(plan.Table, Encoding.GetEncoding(950))
            : CsvTableWriter.Write(plan.Table, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        await Add("CSV", "csv", "text/csv", big5 ? "BIG5" : "UTF-8", csv);
        if (plan.Files.HasFlag(DemoFileKinds.Json))
        {
            await Add("JSON", "json", "application/json", "UTF-8", JsonTableWriter.Write(plan.Table));
        }
        if (plan.Files.HasFlag(DemoFileKinds.Xlsx))
        {
            await Add("XLSX", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "UTF-8", XlsxTableWriter.Write(plan.Table, "資料"));
        }
        if (plan.Report)
        {
            await Add("PDF", "pdf", "application/pdf", null, CjkPdfWriter.Write(plan.Title, ReportLines(dataset, plan)));
        }
    }

    private static IEnumerable<string> ReportLines(Dataset dataset, DemoDatasetPlan plan)
    {
        yield return $"資料集識別碼：{dataset.Identifier}";
        yield return $"更新頻率：{plan.Frequency}";
        yield return "";
        yield return plan.Description;
        yield return "";
        yield return "主要欄位說明：" + plan.Table.MainFieldsDescription;
        yield return "";
        yield return string.Join("  ", plan.Table.Columns.Select(c => c.Name));
        // A summary, not the whole table: the CSV holds every row.
        foreach (var row in plan.Table.Rows.Take(60))
        {
            yield return string.Join("  ", row);
        }
        if (plan.Table.Rows.Count > 60)
        {
            yield return $"（以下略，共 {plan.Table.Rows.Count} 筆，完整資料請下載 CSV 檔）";
        }
    }

    private async Task<Dictionary<string, int>> NextSerialsAsync(IEnumerable<Agency> agencies, CancellationToken cancellationToken)
    {
        var serials = new Dictionary<string, int>();
        foreach (var agency in agencies)
        {
            var prefix = agency.OrganisationCode + "-";
            var identifiers = await db.Datasets.Where(d => d.Identifier.StartsWith(prefix)).Select(d => d.Identifier).ToListAsync(cancellationToken);
            var max = identifiers
                .Select(id => int.TryParse(id.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
                .DefaultIfEmpty(0)
                .Max();
            serials[agency.Code] = max + 1;
        }
        return serials;
    }
}

/// One dataset of the demo catalog, before its files are written.
public sealed record DemoDatasetPlan(
    string AgencyCode,
    string Title,
    string? TitleEn,
    string Description,
    string ServiceCategory,
    IReadOnlyList<string> Keywords,
    UpdateFrequency Frequency,
    DemoTable Table,
    DemoFileKinds Files,
    bool Report,
    bool Automated = false);

/// Which machine-readable files a demo dataset gets; every one gets a CSV.
[Flags]
public enum DemoFileKinds
{
    Csv = 1,
    Json = 2,
    Xlsx = 4,
    CsvJson = Csv | Json,
    CsvJsonXlsx = Csv | Json | Xlsx,
    All = CsvJsonXlsx,
}
