using Kaifang.Inventory;

namespace Kaifang.Tests.Inventory;

/// The item rules without the app: what a form, the API and a spreadsheet row must hold.
public sealed class InventoryItemInputTests
{
    private static readonly IReadOnlyList<LegalBasis> Bases = LegalBasisSeed.All;

    private static InventoryItemInput Valid() => new()
    {
        Agency = "BLI", Name = "勞工保險投保單位及被保險人人數", SourceKind = "業務系統資料庫", OwningUnit = "納保處",
        Description = "各縣市投保單位數及被保險人數。", MainFields = "年月、縣市、投保單位數、被保險人數", UpdateFrequency = "每1月",
        HasPersonalData = false, Grade = "開放", Fee = "免費",
    };

    [Fact]
    public void A_complete_open_item_is_valid_and_gets_the_default_licence()
    {
        Assert.True(Valid().Validate(Bases).IsValid);
        var item = new InventoryItem { Name = "", OwningUnit = "", Description = "", MainFields = "", UpdateFrequency = "" };
        Valid().ApplyTo(item, Bases);
        Assert.Equal(Kaifang.Catalog.Licenses.OpenGovernmentDataV1, item.Licence);
        Assert.Equal(SourceKind.BusinessSystem, item.SourceKind);
    }

    [Theory]
    [InlineData("限制開放")]
    [InlineData("不開放")]
    [InlineData("restricted")]
    [InlineData("closed")]
    public void A_restricted_or_closed_item_needs_a_legal_basis(string grade)
    {
        Assert.Contains("legalBases", (Valid() with { Grade = grade }).Validate(Bases).Fields);
        Assert.True((Valid() with { Grade = grade, LegalBases = ["個人資料保護法 第16條"] }).Validate(Bases).IsValid);
    }

    [Theory]
    [InlineData("FOIA-18-1-6", "FOIA-18-1-6")]
    [InlineData("foia-18-1-6", "FOIA-18-1-6")]
    [InlineData("政府資訊公開法第18條第1項第6款", "FOIA-18-1-6")]
    [InlineData("營業秘密法 第2條", "TSA-2")]
    [InlineData("統計法", "STAT")]
    public void A_basis_is_found_by_its_code_or_its_title(string text, string code) =>
        Assert.Equal(code, InventoryItemInput.Resolve(Bases, text)?.Code);

    [Fact]
    public void Charged_needs_its_basis_and_unknown_words_are_named()
    {
        var errors = (Valid() with { Fee = "付費", SourceKind = "紙本", Grade = "半開放", UpdateFrequency = "偶爾" }).Validate(Bases);
        Assert.Equal(["feeBasis", "grade", "sourceKind", "updateFrequency"], errors.Fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Duplicate_names_are_compared_without_case_spaces_or_full_width_forms() =>
        Assert.Equal(InventoryItemInput.NameKey("ＡＢＣ 勞保 統計"), InventoryItemInput.NameKey("abc勞保統計"));

    [Fact]
    public void Cells_a_spreadsheet_would_run_come_back_unchanged()
    {
        foreach (var value in new[] { "=1+1", "+886", "-5", "@SUM(A1)", "勞保", "'quoted", "" })
        {
            Assert.Equal(value, Kaifang.Storage.SpreadsheetTables.Restore(Kaifang.Storage.SpreadsheetTables.Neutralise(value)));
        }
        Assert.Equal("'=1+1", Kaifang.Storage.SpreadsheetTables.Neutralise("=1+1"));
    }
}
