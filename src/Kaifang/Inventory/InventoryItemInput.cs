using Kaifang.Catalog;

namespace Kaifang.Inventory;

/// What an agency enters for an inventory item, from a form, the API or a spreadsheet row. Text as typed;
/// <see cref="Validate"/> says what is wrong, field by field, in Chinese and English.
public sealed record InventoryItemInput
{
    /// The agency's code, e.g. BLI.
    public string? Agency { get; init; }
    public string? Name { get; init; }

    /// business-system, website, document, or the Chinese words (業務系統資料庫, 網站內容, 文件、表單、登記簿或報告).
    public string? SourceKind { get; init; }
    public string? OwningUnit { get; init; }
    public string? Description { get; init; }
    public string? MainFields { get; init; }
    public string? Volume { get; init; }
    public string? UpdateFrequency { get; init; }
    public bool? HasPersonalData { get; init; }

    /// open, restricted, closed, or 開放, 限制開放, 不開放.
    public string? Grade { get; init; }

    /// Codes (PDPA-16) or titles (個人資料保護法 第16條) from the legal-basis list.
    public IReadOnlyList<string>? LegalBases { get; init; }
    public string? LegalBasisNote { get; init; }
    public string? Licence { get; init; }

    /// 免費 / 付費, or free / charged.
    public string? Fee { get; init; }
    public string? FeeBasis { get; init; }

    public const int NameMaxLength = 300;
    public const int TextMaxLength = 4000;

    public static InventoryItemInput From(InventoryItem item, string agencyCode) => new()
    {
        Agency = agencyCode,
        Name = item.Name,
        SourceKind = InventoryTerms.SourceKindCode(item.SourceKind),
        OwningUnit = item.OwningUnit,
        Description = item.Description,
        MainFields = item.MainFields,
        Volume = item.Volume,
        UpdateFrequency = item.UpdateFrequency,
        HasPersonalData = item.HasPersonalData,
        Grade = InventoryTerms.GradeCode(item.Grade),
        LegalBases = item.LegalBases,
        LegalBasisNote = item.LegalBasisNote,
        Licence = item.Licence,
        Fee = item.Fee == FeeKind.Free ? "免費" : "付費",
        FeeBasis = item.FeeBasis,
    };

    /// Every problem, keyed by field (the property names above, camel-cased). The bases are the list's active entries.
    public ValidationErrors Validate(IReadOnlyCollection<LegalBasis> bases)
    {
        var errors = new ValidationErrors();
        errors.Required("name", Name, "項目名稱", "Name");
        errors.MaxLength("name", Name, NameMaxLength);
        if (string.IsNullOrWhiteSpace(SourceKind))
        {
            errors.Add("sourceKind", "請選擇資料來源類型。", "Choose the source kind.");
        }
        else if (InventoryTerms.ParseSourceKind(SourceKind) is null)
        {
            errors.Add("sourceKind", $"資料來源類型「{SourceKind}」不正確，須為業務系統資料庫、網站內容或文件、表單、登記簿或報告。",
                $"Source kind '{SourceKind}' is not one of: business-system database, website content, document/form/register/report.");
        }
        errors.Required("owningUnit", OwningUnit, "權責單位", "Owning unit");
        errors.MaxLength("owningUnit", OwningUnit, 200);
        errors.Required("description", Description, "資料描述", "Description");
        errors.MaxLength("description", Description, TextMaxLength);
        errors.Required("mainFields", MainFields, "主要欄位", "Main fields");
        errors.MaxLength("mainFields", MainFields, TextMaxLength);
        errors.MaxLength("volume", Volume, 200);
        if (string.IsNullOrWhiteSpace(UpdateFrequency))
        {
            errors.Add("updateFrequency", "請填寫更新頻率，例如「每1月」或「不定期更新」。", "Enter an update frequency, e.g. 每1月 (monthly) or 不定期更新 (irregular).");
        }
        else if (!Catalog.UpdateFrequency.TryParse(UpdateFrequency, out _))
        {
            errors.Add("updateFrequency", $"無法辨識更新頻率「{UpdateFrequency}」，請用「每N日/週/月/季/年」、「即時」或「不定期更新」。",
                $"Update frequency '{UpdateFrequency}' is not understood; use 每N日/週/月/季/年, 即時 or 不定期更新.");
        }

        var grade = InventoryTerms.ParseGrade(Grade);
        if (string.IsNullOrWhiteSpace(Grade))
        {
            errors.Add("grade", "請選擇建議分級：開放、限制開放或不開放。", "Choose the proposed grade: open, open with restrictions, or not open.");
        }
        else if (grade is null)
        {
            errors.Add("grade", $"分級「{Grade}」不正確，須為開放、限制開放或不開放。", $"Grade '{Grade}' is not one of: open, restricted, closed.");
        }
        var cited = (LegalBases ?? []).Select(b => b.Trim()).Where(b => b.Length > 0).ToList();
        foreach (var text in cited.Where(t => Resolve(bases, t) is null))
        {
            errors.Add("legalBases", $"法令依據「{text}」不在依據清單中。", $"Legal basis '{text}' is not on the list.");
        }
        if (grade is InventoryGrade.Restricted or InventoryGrade.Closed && cited.Count == 0)
        {
            errors.Add("legalBases", $"分級為{InventoryTerms.GradeText(grade.Value, false)}時，須填寫法令依據。",
                $"An item graded '{InventoryTerms.GradeText(grade.Value, true).ToLowerInvariant()}' needs its legal basis.");
        }
        errors.MaxLength("legalBasisNote", LegalBasisNote, TextMaxLength);
        if (!string.IsNullOrWhiteSpace(Licence) && Licenses.Find(Licence.Trim()) is null)
        {
            errors.Add("licence", $"授權方式須為：{string.Join("、", Licenses.All.Select(l => l.Title))}。", $"Licence must be one of: {string.Join(", ", Licenses.All.Select(l => l.Title))}.");
        }
        var fee = DatasetInput.ParseFee(Fee);
        if (fee is null)
        {
            errors.Add("fee", "計費方式須為「免費」或「付費」。", "Fee must be 免費 (free) or 付費 (charged).");
        }
        else if (fee == FeeKind.Charged && string.IsNullOrWhiteSpace(FeeBasis))
        {
            errors.Add("feeBasis", "付費項目須填寫收費法令依據。", "A charged item needs the legal basis of its fee.");
        }
        errors.MaxLength("feeBasis", FeeBasis, 500);
        return errors;
    }

    /// Copies the validated input onto the item (agency and round are set by the caller, who checks scope).
    public void ApplyTo(InventoryItem item, IReadOnlyCollection<LegalBasis> bases)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.Name = Name!.Trim();
        item.SourceKind = InventoryTerms.ParseSourceKind(SourceKind)!.Value;
        item.OwningUnit = OwningUnit!.Trim();
        item.Description = Description!.Trim();
        item.MainFields = MainFields!.Trim();
        item.Volume = Clean(Volume);
        item.UpdateFrequency = Catalog.UpdateFrequency.Parse(UpdateFrequency!).ToString();
        item.HasPersonalData = HasPersonalData ?? false;
        item.Grade = InventoryTerms.ParseGrade(Grade)!.Value;
        item.LegalBases = [.. (LegalBases ?? []).Select(b => Resolve(bases, b.Trim())?.Code).OfType<string>().Distinct()];
        item.LegalBasisNote = Clean(LegalBasisNote);
        item.Licence = Licenses.Find(Clean(Licence) ?? Licenses.OpenGovernmentDataV1)?.Title ?? Licenses.OpenGovernmentDataV1;
        item.Fee = DatasetInput.ParseFee(Fee) ?? FeeKind.Free;
        item.FeeBasis = item.Fee == FeeKind.Charged ? Clean(FeeBasis) : null;
    }

    /// A basis by its code or its title, spaces ignored.
    public static LegalBasis? Resolve(IEnumerable<LegalBasis> bases, string text)
    {
        var key = Squeeze(text);
        return bases.FirstOrDefault(b => string.Equals(b.Code, key, StringComparison.OrdinalIgnoreCase) || Squeeze(b.Title) == key);
    }

    /// The name compared for duplicates: case, spaces and full-width forms ignored.
    public static string NameKey(string name) => Squeeze(name.Normalize(System.Text.NormalizationForm.FormKC)).ToUpperInvariant();

    private static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
