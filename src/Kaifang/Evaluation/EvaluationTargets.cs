using System.Globalization;
using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Datastore;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Evaluation;

/// One agency's targets for one year: the five indicators (ACTION-PLAN S14) and the datasets planned open at
/// year end (S13). An empty value is no target: the indicator is then left out of the score (docs/evaluation.md).
public sealed record TargetRow(
    string Agency, int Year, int? WorkingGroupMeetings, int? Growth, decimal? AccuracyPercent, decimal? ThreeStarPercent,
    decimal? RepliesWithinDeadlinePercent, int? OpenDatasets)
{
    public string AgencyName { get; init; } = "";
    public string AgencyNameEn { get; init; } = "";

    public bool IsEmpty => WorkingGroupMeetings is null && Growth is null && AccuracyPercent is null && ThreeStarPercent is null
        && RepliesWithinDeadlinePercent is null && OpenDatasets is null;
}

/// A problem with one row of a targets file (Row 0 is the file as a whole).
public sealed record TargetRowProblem(int Row, string? Column, string Zh, string En);

/// Reads, edits, imports and exports the targets, for any number of agencies and years. Only the ministry's
/// administrators (<see cref="StaffAction.ManageTargets"/> on the root) change them; a file with any bad row
/// changes nothing and reports every bad row.
public sealed class EvaluationTargets(KaifangDbContext db, AgencyDirectory agencies)
{
    public sealed record Column(string Name, string Key, string Note);

    public static IReadOnlyList<Column> Columns { get; } =
    [
        new("年度", "year", "西元年，例如 2017"),
        new("機關代碼", "agency", "例如 MOL、BLI、WDA、BLF、OSHA、ILOSH"),
        new("機關", "agencyName", "僅供閱讀，匯入時不使用"),
        new("工作小組會議(次)", "meetings", "一年召開工作小組會議次數目標；空白為不設目標"),
        new("新增資料集(個)", "growth", "當年新開放資料集數目標"),
        new("正確率(%)", "accuracy", "0 至 100"),
        new("三星以上比率(%)", "threeStar", "0 至 100"),
        new("6日內回覆率(%)", "replies", "0 至 100"),
        new("年底開放資料集(個)", "openDatasets", "年底累計開放資料集數（開放進度）"),
    ];

    public async Task<IReadOnlyList<int>> YearsAsync(CancellationToken cancellationToken)
    {
        var performance = await db.PerformanceTargets.AsNoTracking().Select(t => t.Year).Distinct().ToListAsync(cancellationToken);
        var schedule = await db.ScheduleTargets.AsNoTracking().Select(t => t.Year).Distinct().ToListAsync(cancellationToken);
        return [.. performance.Union(schedule).Order()];
    }

    /// A row per agency in the tree's order, empty where the agency has no target for the year.
    public async Task<IReadOnlyList<TargetRow>> ForYearAsync(int year, CancellationToken cancellationToken) =>
        (await ForYearsAsync([year], cancellationToken)).ToList();

    public async Task<IReadOnlyList<TargetRow>> ForYearsAsync(IReadOnlyCollection<int> years, CancellationToken cancellationToken)
    {
        var performance = await db.PerformanceTargets.AsNoTracking().Where(t => years.Contains(t.Year)).ToListAsync(cancellationToken);
        var schedule = await db.ScheduleTargets.AsNoTracking().Where(t => years.Contains(t.Year)).ToListAsync(cancellationToken);
        var rows = new List<TargetRow>();
        foreach (var year in years.Order())
        {
            foreach (var (agency, _) in agencies.Tree.Flatten())
            {
                var p = performance.FirstOrDefault(t => t.Year == year && t.AgencyId == agency.Id);
                var s = schedule.FirstOrDefault(t => t.Year == year && t.AgencyId == agency.Id);
                rows.Add(new TargetRow(agency.Code, year, Positive(p?.WorkingGroupMeetings), Positive(p?.Growth), Positive(p?.AccuracyPercent),
                    Positive(p?.ThreeStarPercent), Positive(p?.RepliesWithinDeadlinePercent), s?.OpenDatasets)
                { AgencyName = agency.Name, AgencyNameEn = agency.NameEn });
            }
        }
        return rows;
    }

    /// Replaces the given agencies' targets for their years; rows not given are left as they are.
    public async Task<CatalogResult<int>> SaveAsync(StaffScope who, IReadOnlyList<TargetRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(rows);
        if (!who.Can(StaffAction.ManageTargets, agencies.Tree.Roots[0].Id))
        {
            return CatalogResult<int>.Forbidden();
        }
        var problems = new List<TargetRowProblem>();
        var resolved = Resolve(rows.Select((row, i) => (i + 1, row)), problems);
        if (problems.Count > 0)
        {
            return Invalid(problems, "row");
        }
        await ApplyAsync(resolved, cancellationToken);
        return CatalogResult<int>.Ok(resolved.Count);
    }

    /// The targets of the years asked for (all years when none) as a spreadsheet, a row per agency and year.
    public async Task<byte[]> ExportAsync(SpreadsheetFormat format, IReadOnlyCollection<int>? years, CancellationToken cancellationToken)
    {
        var chosen = years is { Count: > 0 } ? years : await YearsAsync(cancellationToken);
        var rows = new List<string[]> { Columns.Select(c => c.Name).ToArray() };
        rows.AddRange((await ForYearsAsync(chosen.ToList(), cancellationToken)).Select(r => new[]
        {
            EvaluationReport.Cell(r.Year), r.Agency, r.AgencyName, EvaluationReport.Cell(r.WorkingGroupMeetings), EvaluationReport.Cell(r.Growth), EvaluationReport.Cell(r.AccuracyPercent), EvaluationReport.Cell(r.ThreeStarPercent),
            EvaluationReport.Cell(r.RepliesWithinDeadlinePercent), EvaluationReport.Cell(r.OpenDatasets),
        }));
        return SpreadsheetTables.Write(format, "績效目標", rows, neutralise: true);
    }

    /// Reads a targets file (XLSX, XLS, ODS or CSV with <see cref="Columns"/>) and saves it, all or nothing.
    public async Task<CatalogResult<int>> ImportAsync(StaffScope who, Func<Stream> open, string fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(open);
        if (!who.Can(StaffAction.ManageTargets, agencies.Tree.Roots[0].Id))
        {
            return CatalogResult<int>.Forbidden();
        }
        var extension = Path.GetExtension(fileName ?? "").TrimStart('.').ToUpperInvariant();
        if (extension is not ("XLSX" or "XLS" or "ODS" or "CSV"))
        {
            return Invalid([new(0, null, "請上傳 XLSX、XLS、ODS 或 CSV 檔。", "Upload an XLSX, XLS, ODS or CSV file.")], "file");
        }
        var problems = new List<TargetRowProblem>();
        var parsed = new List<(int Line, TargetRow Row)>();
        try
        {
            using var file = await TabularFile.OpenAsync(open, extension, null, cancellationToken);
            var index = Columns.ToDictionary(c => c.Key, c => file.Columns.ToList().FindIndex(n => n.Trim() == c.Name));
            foreach (var column in Columns.Where(c => c.Key != "agencyName" && index[c.Key] < 0))
            {
                problems.Add(new(1, column.Name, $"缺少欄位「{column.Name}」；請使用匯出的檔案為範本。", $"The column '{column.Name}' is missing; start from an exported file."));
            }
            if (problems.Count > 0)
            {
                return Invalid(problems, "row");
            }
            var line = 1;
            foreach (var cells in file.Rows(cancellationToken))
            {
                line++;
                if (cells.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }
                string Cell(string key) => SpreadsheetTables.Restore((cells[index[key]] ?? "").Trim());
                var before = problems.Count;
                var year = ParseInt(Cell("year"), line, "年度", problems, min: 2000, max: 2200, required: true);
                var row = new TargetRow(Cell("agency"), year ?? 0,
                    ParseInt(Cell("meetings"), line, Columns[3].Name, problems, 0, 366),
                    ParseInt(Cell("growth"), line, Columns[4].Name, problems, 0, 1_000_000),
                    ParsePercent(Cell("accuracy"), line, Columns[5].Name, problems),
                    ParsePercent(Cell("threeStar"), line, Columns[6].Name, problems),
                    ParsePercent(Cell("replies"), line, Columns[7].Name, problems),
                    ParseInt(Cell("openDatasets"), line, Columns[8].Name, problems, 0, 10_000_000));
                if (problems.Count == before)
                {
                    parsed.Add((line, row));
                }
            }
        }
        catch (Exception e) when (e is DatastoreLoadException or InvalidDataException or IOException or System.Xml.XmlException
            or ExcelDataReader.Exceptions.ExcelReaderException or Sylvan.Data.Csv.CsvFormatException)
        {
            return Invalid([new(0, null, $"無法讀取檔案：{e.Message}", $"The file cannot be read: {e.Message}")], "file");
        }
        var resolved = Resolve(parsed, problems);
        if (problems.Count == 0 && resolved.Count == 0)
        {
            problems.Add(new(0, null, "檔案中沒有任何目標。", "The file holds no target."));
        }
        if (problems.Count > 0)
        {
            return Invalid(problems, "row");
        }
        await ApplyAsync(resolved, cancellationToken);
        return CatalogResult<int>.Ok(resolved.Count);
    }

    /// The rows whose agency is known and values in range, each with its agency; every other row, and every row
    /// repeating an agency and year of an earlier one, is reported instead.
    private List<(TargetRow Row, int AgencyId)> Resolve(IEnumerable<(int Line, TargetRow Row)> rows, List<TargetRowProblem> problems)
    {
        var resolved = new List<(TargetRow Row, int AgencyId)>();
        var seen = new Dictionary<(int, int), int>();
        foreach (var (line, row) in rows)
        {
            if (Check(row, line, problems) is not { } agency)
            {
                continue;
            }
            if (seen.TryGetValue((agency.Id, row.Year), out var first))
            {
                problems.Add(new(line, "機關代碼", $"與第 {first} 列重複：{agency.Name} {row.Year} 年已有目標。", $"Repeats row {first}: {agency.NameEn} already has targets for {row.Year}."));
                continue;
            }
            seen[(agency.Id, row.Year)] = line;
            resolved.Add((row, agency.Id));
        }
        return resolved;
    }

    private AgencyNode? Check(TargetRow row, int line, List<TargetRowProblem> problems)
    {
        var agency = string.IsNullOrWhiteSpace(row.Agency) ? null : agencies.Tree.FindByCodeOrOrganisationCode(row.Agency.Trim());
        if (agency is null)
        {
            problems.Add(new(line, "機關代碼", string.IsNullOrWhiteSpace(row.Agency) ? "請填寫機關代碼。" : $"找不到機關代碼「{row.Agency}」。",
                string.IsNullOrWhiteSpace(row.Agency) ? "The agency code is required." : $"There is no agency with code '{row.Agency}'."));
        }
        if (row.Year is < 2000 or > 2200)
        {
            problems.Add(new(line, "年度", $"年度須介於 2000 與 2200 之間，而非 {row.Year}。", $"The year must be from 2000 to 2200, not {row.Year}."));
        }
        foreach (var (value, name, max) in new (decimal? Value, string Name, decimal Max)[]
        {
            (row.WorkingGroupMeetings, Columns[3].Name, 366), (row.Growth, Columns[4].Name, 1_000_000), (row.AccuracyPercent, Columns[5].Name, 100),
            (row.ThreeStarPercent, Columns[6].Name, 100), (row.RepliesWithinDeadlinePercent, Columns[7].Name, 100), (row.OpenDatasets, Columns[8].Name, 10_000_000),
        })
        {
            if (value is < 0 || value > max)
            {
                problems.Add(new(line, name, $"{name}須介於 0 與 {max:0} 之間，而非 {value:0.##}。", $"{name} must be from 0 to {max:0}, not {value:0.##}."));
            }
        }
        return agency;
    }

    private async Task ApplyAsync(List<(TargetRow Row, int AgencyId)> rows, CancellationToken cancellationToken)
    {
        var years = rows.Select(r => r.Row.Year).Distinct().ToList();
        var performance = await db.PerformanceTargets.Where(t => years.Contains(t.Year)).ToListAsync(cancellationToken);
        var schedule = await db.ScheduleTargets.Where(t => years.Contains(t.Year)).ToListAsync(cancellationToken);
        foreach (var (row, agencyId) in rows)
        {
            var p = performance.FirstOrDefault(t => t.Year == row.Year && t.AgencyId == agencyId);
            var hasIndicators = row.WorkingGroupMeetings is > 0 || row.Growth is > 0 || row.AccuracyPercent is > 0 || row.ThreeStarPercent is > 0
                || row.RepliesWithinDeadlinePercent is > 0;
            if (!hasIndicators)
            {
                if (p is not null)
                {
                    db.PerformanceTargets.Remove(p);
                }
            }
            else
            {
                if (p is null)
                {
                    p = new PerformanceTarget { AgencyId = agencyId, Year = row.Year };
                    db.PerformanceTargets.Add(p);
                }
                p.WorkingGroupMeetings = row.WorkingGroupMeetings ?? 0;
                p.Growth = row.Growth ?? 0;
                p.AccuracyPercent = row.AccuracyPercent ?? 0m;
                p.ThreeStarPercent = row.ThreeStarPercent ?? 0m;
                p.RepliesWithinDeadlinePercent = row.RepliesWithinDeadlinePercent ?? 0m;
            }
            var s = schedule.FirstOrDefault(t => t.Year == row.Year && t.AgencyId == agencyId);
            if (row.OpenDatasets is null)
            {
                if (s is not null)
                {
                    db.ScheduleTargets.Remove(s);
                }
            }
            else
            {
                if (s is null)
                {
                    s = new ScheduleTarget { AgencyId = agencyId, Year = row.Year };
                    db.ScheduleTargets.Add(s);
                }
                s.OpenDatasets = row.OpenDatasets.Value;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static CatalogResult<int> Invalid(List<TargetRowProblem> problems, string prefix)
    {
        var errors = new ValidationErrors();
        foreach (var p in problems)
        {
            var where = p.Row == 0 ? "file" : $"{prefix} {p.Row}";
            errors.Add(where, p.Column is null ? p.Zh : $"{p.Column}：{p.Zh}", p.Column is null ? p.En : $"{p.Column}: {p.En}");
        }
        return CatalogResult<int>.Invalid(errors);
    }

    private static int? ParseInt(string text, int line, string column, List<TargetRowProblem> problems, int min, int max, bool required = false)
    {
        if (text.Length == 0)
        {
            if (required)
            {
                problems.Add(new(line, column, $"請填寫{column}。", $"{column} is required."));
            }
            return null;
        }
        if (decimal.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var d)
            && d == Math.Floor(d) && d >= min && d <= max)
        {
            return (int)d;
        }
        problems.Add(new(line, column, $"{column}須為 {min} 至 {max} 的整數，而非「{text}」。", $"{column} must be a whole number from {min} to {max}, not '{text}'."));
        return null;
    }

    private static decimal? ParsePercent(string text, int line, string column, List<TargetRowProblem> problems)
    {
        if (text.Length == 0)
        {
            return null;
        }
        if (decimal.TryParse(text.TrimEnd('%', '％').Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 100
            && Math.Round(d, 2) == d)
        {
            return d;
        }
        problems.Add(new(line, column, $"{column}須為 0 至 100 的數字（最多兩位小數），而非「{text}」。", $"{column} must be a number from 0 to 100 with at most two decimals, not '{text}'."));
        return null;
    }

    private static int? Positive(int? value) => value is > 0 ? value : null;

    private static decimal? Positive(decimal? value) => value is > 0 ? value : null;

}
