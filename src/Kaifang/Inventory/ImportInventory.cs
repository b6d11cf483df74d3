using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Datastore;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Inventory;

/// What an import did: the items added, or every bad row and its reason (then nothing was added).
public sealed record InventoryImportReport(int Imported, IReadOnlyList<InventoryRowProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

/// A problem with one row (Row is the spreadsheet's row number; 0 for the file as a whole).
public sealed record InventoryRowProblem(int Row, string? Column, string Zh, string En)
{
    public string In(bool english) => english ? En : Zh;
}

/// Imports an inventory list (XLSX, XLS, ODS or CSV, the columns of <see cref="InventorySpreadsheet"/>) into a
/// round as drafts. All or nothing: a file with any bad row adds no item and reports every bad row.
public sealed class ImportInventory(KaifangDbContext db, AgencyDirectory agencies, TimeProvider time)
{
    public async Task<CatalogResult<InventoryImportReport>> ExecuteAsync(StaffScope who, int roundId, Func<Stream> open, string fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(open);
        if (!await db.InventoryRounds.AnyAsync(r => r.Id == roundId, cancellationToken))
        {
            return CatalogResult<InventoryImportReport>.NotFound();
        }
        // A role that lists items for no agency (a reviewer) is refused before the file is read.
        if (!StaffScope.Allows(who.Role, StaffAction.EditInventory))
        {
            return CatalogResult<InventoryImportReport>.Forbidden();
        }
        var extension = Path.GetExtension(fileName ?? "").TrimStart('.').ToUpperInvariant();
        if (extension is not ("XLSX" or "XLS" or "ODS" or "CSV"))
        {
            return Report([new(0, null, "請上傳 XLSX、XLS、ODS 或 CSV 檔。", "Upload an XLSX, XLS, ODS or CSV file.")]);
        }
        List<(int Row, Dictionary<string, string?> Values)> rows;
        try
        {
            using var file = await TabularFile.OpenAsync(open, extension, null, cancellationToken);
            var problems = CheckColumns(file.Columns);
            if (problems.Count > 0)
            {
                return Report(problems);
            }
            rows = [.. ReadRows(file, cancellationToken)];
        }
        catch (Exception e) when (e is DatastoreLoadException or InvalidDataException or IOException or System.Xml.XmlException
            or ExcelDataReader.Exceptions.ExcelReaderException or Sylvan.Data.Csv.CsvFormatException)
        {
            return Report([new(0, null, $"無法讀取檔案：{e.Message}", $"The file cannot be read: {e.Message}")]);
        }
        if (rows.Count == 0)
        {
            return Report([new(0, null, "檔案中沒有任何盤點項目。", "The file lists no item.")]);
        }

        var bases = await LegalBases.ActiveAsync(db, cancellationToken);
        var existing = (await db.InventoryItems.AsNoTracking().Where(i => i.RoundId == roundId).Select(i => new { i.AgencyId, i.Name }).ToListAsync(cancellationToken))
            .Select(i => (i.AgencyId, InventoryItemInput.NameKey(i.Name))).ToHashSet();
        var seen = new Dictionary<(int, string), int>();
        var all = new List<InventoryRowProblem>();
        var accepted = new List<(InventoryItemInput Input, int AgencyId)>();
        foreach (var (row, values) in rows)
        {
            var (input, personalDataProblem) = ToInput(values);
            var problems = new List<InventoryRowProblem>();
            if (personalDataProblem)
            {
                problems.Add(string.IsNullOrWhiteSpace(values["hasPersonalData"])
                    ? new(row, "含個人資料", "請填寫是否含個人資料（是或否）。", "Say whether the item holds personal data (是 or 否).")
                    : new(row, "含個人資料", $"含個人資料須為「是」或「否」，而非「{values["hasPersonalData"]}」。", $"含個人資料 (personal data) must be 是 or 否, not '{values["hasPersonalData"]}'."));
            }
            var errors = input.Validate(bases);
            foreach (var field in errors.Fields)
            {
                var column = InventorySpreadsheet.Columns.FirstOrDefault(c => c.Key == field)?.Name;
                problems.AddRange(errors.For(field).Select(m => new InventoryRowProblem(row, column, m.Zh, m.En)));
            }
            var agency = string.IsNullOrWhiteSpace(input.Agency) ? null : agencies.Tree.FindByCodeOrOrganisationCode(input.Agency.Trim());
            if (agency is null)
            {
                problems.Add(new(row, "機關代碼", string.IsNullOrWhiteSpace(input.Agency) ? "請填寫機關代碼。" : $"找不到機關代碼「{input.Agency}」。",
                    string.IsNullOrWhiteSpace(input.Agency) ? "The agency code is required." : $"There is no agency with code '{input.Agency}'."));
            }
            else if (!who.Can(StaffAction.EditInventory, agency.Id))
            {
                problems.Add(new(row, "機關代碼", $"您不能為{agency.Name}盤點。", $"You may not list items for {agency.NameEn}."));
            }
            if (agency is not null && !string.IsNullOrWhiteSpace(input.Name))
            {
                var key = (agency.Id, InventoryItemInput.NameKey(input.Name));
                if (seen.TryGetValue(key, out var first))
                {
                    problems.Add(new(row, "項目名稱", $"與第 {first} 列重複：同一機關已有「{input.Name.Trim()}」。", $"Duplicates row {first}: the agency already lists '{input.Name.Trim()}'."));
                }
                else
                {
                    seen[key] = row;
                    if (existing.Contains(key))
                    {
                        problems.Add(new(row, "項目名稱", $"本次盤點已有同名項目「{input.Name.Trim()}」。", $"This round already lists an item named '{input.Name.Trim()}'."));
                    }
                }
            }
            all.AddRange(problems);
            if (problems.Count == 0)
            {
                accepted.Add((input with { Agency = agency!.Code }, agency.Id));
            }
        }
        if (all.Count > 0)
        {
            return Report(all);
        }

        var now = time.GetUtcNow();
        foreach (var (input, agencyId) in accepted)
        {
            var item = new InventoryItem
            {
                Id = Guid.NewGuid(), RoundId = roundId, AgencyId = agencyId, Name = "", OwningUnit = "", Description = "", MainFields = "", UpdateFrequency = "",
                State = InventoryItemState.Draft, CreatedAt = now, UpdatedAt = now,
            };
            input.ApplyTo(item, bases);
            db.InventoryItems.Add(item);
            InventoryItemMoves.Created(db, item, who.UserName, who.UserId, now, $"匯入 Imported from {Path.GetFileName(fileName)}");
        }
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<InventoryImportReport>.Ok(new InventoryImportReport(accepted.Count, []));
    }

    private static CatalogResult<InventoryImportReport> Report(List<InventoryRowProblem> problems)
    {
        var errors = new ValidationErrors();
        foreach (var p in problems)
        {
            var where = p.Row == 0 ? "file" : $"row {p.Row}";
            errors.Add(where, p.Column is null ? p.Zh : $"{p.Column}：{p.Zh}", p.Column is null ? p.En : $"{p.Column}: {p.En}");
        }
        return new CatalogResult<InventoryImportReport>(CatalogOutcome.Invalid, new InventoryImportReport(0, problems), errors);
    }

    private static List<InventoryRowProblem> CheckColumns(IReadOnlyList<string> columns)
    {
        var problems = new List<InventoryRowProblem>();
        var known = InventorySpreadsheet.Columns.Select(c => c.Name).Append(InventorySpreadsheet.StateColumn).ToHashSet(StringComparer.Ordinal);
        foreach (var name in columns.Select(c => c.Trim()).Where(c => !known.Contains(c) && !c.StartsWith("column_", StringComparison.Ordinal)))
        {
            problems.Add(new(1, name, $"不認得的欄位「{name}」；請使用下載的範本。", $"Unknown column '{name}'; use the template."));
        }
        foreach (var column in InventorySpreadsheet.Columns.Where(c => c.Required && !columns.Any(n => n.Trim() == c.Name)))
        {
            problems.Add(new(1, column.Name, $"缺少欄位「{column.Name}」。", $"The column '{column.Name}' is missing."));
        }
        return problems;
    }

    /// The data rows keyed by column, numbered as the spreadsheet shows them (header row 1), the template's note row left out.
    private static IEnumerable<(int Row, Dictionary<string, string?> Values)> ReadRows(TabularFile file, CancellationToken cancellationToken)
    {
        var index = InventorySpreadsheet.Columns.ToDictionary(c => c.Key, c => IndexOf(file.Columns, c.Name));
        var number = 1;
        foreach (var row in file.Rows(cancellationToken))
        {
            number++;
            if (row.All(v => string.IsNullOrWhiteSpace(v) || v.TrimStart().StartsWith(InventorySpreadsheet.NoteMark, StringComparison.Ordinal)))
            {
                continue;
            }
            yield return (number, index.ToDictionary(kv => kv.Key, kv => kv.Value < 0 ? null : row[kv.Value] is { } v ? Storage.SpreadsheetTables.Restore(v.Trim()) : null));
        }
    }

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Trim() == name)
            {
                return i;
            }
        }
        return -1;
    }

    private static (InventoryItemInput Input, bool PersonalDataProblem) ToInput(Dictionary<string, string?> v)
    {
        var personal = (v["hasPersonalData"] ?? "").Trim().ToLowerInvariant() switch
        {
            "是" or "有" or "y" or "yes" or "true" => true,
            "否" or "無" or "n" or "no" or "false" => false,
            "" => (bool?)null,
            _ => null,
        };
        var problem = personal is null;
        return (new InventoryItemInput
        {
            Agency = v["agency"],
            Name = v["name"],
            SourceKind = v["sourceKind"],
            OwningUnit = v["owningUnit"],
            Description = v["description"],
            MainFields = v["mainFields"],
            Volume = v["volume"],
            UpdateFrequency = v["updateFrequency"],
            HasPersonalData = personal,
            Grade = v["grade"],
            LegalBases = (v["legalBases"] ?? "").Split([';', '；', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            LegalBasisNote = v["legalBasisNote"],
            Licence = v["licence"],
            Fee = v["fee"],
            FeeBasis = v["feeBasis"],
        }, problem);
    }
}
