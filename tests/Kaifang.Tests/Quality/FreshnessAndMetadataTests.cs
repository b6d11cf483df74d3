using Kaifang.Catalog;
using Kaifang.Quality;

namespace Kaifang.Tests.Quality;

/// The "not updated on time" rule and the "wrong information" checks, with worked examples.
public sealed class FreshnessAndMetadataTests
{
    private static readonly FreshnessRule Rule = new(0.10, TimeSpan.FromHours(24));
    private static readonly TimeSpan Taipei = TimeSpan.FromHours(8);

    private static UpdateFrequency Every(int n, FrequencyUnit unit) => UpdateFrequency.Every(n, unit);

    [Fact]
    public void A_monthly_dataset_has_one_month_plus_ten_percent_of_it()
    {
        // Last changed 1 Mar 2026 00:00 in Taipei: one month is 31 days, so due 1 Apr plus 3.1 days = 4 Apr 02:24.
        var last = new DateTimeOffset(2026, 3, 1, 0, 0, 0, Taipei);
        var onTime = Rule.Judge(Every(1, FrequencyUnit.Month), last, last, new DateTimeOffset(2026, 4, 4, 2, 0, 0, Taipei));
        Assert.False(onTime.IsLate);
        Assert.Equal(new DateTimeOffset(2026, 4, 4, 2, 24, 0, Taipei), onTime.LateAfter);
        var late = Rule.Judge(Every(1, FrequencyUnit.Month), last, last, new DateTimeOffset(2026, 4, 4, 2, 25, 0, Taipei));
        Assert.True(late.IsLate);
        Assert.Contains("已逾期", late.Zh, StringComparison.Ordinal);
        Assert.Contains("late", late.En, StringComparison.Ordinal);
    }

    [Fact]
    public void A_yearly_dataset_counts_calendar_years_and_a_real_time_one_a_day()
    {
        var last = new DateTimeOffset(2025, 1, 1, 0, 0, 0, Taipei);
        // One calendar year (365 days) plus 36.5 days: late from 6 Feb 2026 12:00.
        Assert.False(Rule.Judge(Every(1, FrequencyUnit.Year), last, last, new DateTimeOffset(2026, 2, 6, 11, 0, 0, Taipei)).IsLate);
        Assert.True(Rule.Judge(Every(1, FrequencyUnit.Year), last, last, new DateTimeOffset(2026, 2, 6, 13, 0, 0, Taipei)).IsLate);
        Assert.True(Rule.Judge(UpdateFrequency.RealTime, last, last, last.AddHours(25)).IsLate);
        Assert.False(Rule.Judge(UpdateFrequency.Irregular, last, last, last.AddYears(10)).IsLate);
    }

    [Fact]
    public void Without_a_data_change_the_first_publication_counts()
    {
        var published = new DateTimeOffset(2026, 1, 1, 0, 0, 0, Taipei);
        Assert.True(Rule.Judge(Every(1, FrequencyUnit.Day), null, published, published.AddDays(2)).IsLate);
    }

    private static Dataset Good() => new()
    {
        Identifier = "A17010000J-000001",
        Name = "a17010000j-000001",
        Title = "勞工保險投保薪資分級表",
        Description = "分級表",
        ContactName = "王小明",
        ContactPhone = "02-23961266",
        ContactEmail = "data@bli.gov.tw",
        MainFieldsDescription = "等級(投保等級)、月投保薪資(新臺幣元)",
        Resources = [new Resource { Id = Guid.NewGuid(), Identifier = "A17010000J-000001-001", Name = "分級表 CSV", Format = "CSV", Encoding = "UTF-8", Url = "https://www.bli.gov.tw/grades.csv" }],
    };

    [Fact]
    public void A_well_described_dataset_has_no_wrong_information()
    {
        var d = Good();
        var columns = new Dictionary<Guid, IReadOnlyList<string>> { [d.Resources[0].Id] = ["等級", "月投保薪資"] };
        var checks = new Dictionary<Guid, LinkCheck> { [d.Resources[0].Id] = new() { Url = "x", Content = SniffedFormat.Csv, ContentEncoding = "UTF-8" } };
        Assert.Empty(MetadataChecks.Check(d, checks, columns));
    }

    [Fact]
    public void Each_wrong_piece_of_information_is_named_with_what_to_fix()
    {
        var d = Good();
        d.ContactPhone = "請洽總機";
        d.ContactEmail = "data at bli";
        d.Fee = FeeKind.Charged;
        var resource = d.Resources[0];
        var columns = new Dictionary<Guid, IReadOnlyList<string>> { [resource.Id] = ["等級", "月投保薪資", "備註"] };
        // Declared CSV in UTF-8; really an HTML page in Big5.
        var checks = new Dictionary<Guid, LinkCheck> { [resource.Id] = new() { Url = "x", Content = SniffedFormat.Html, ContentEncoding = "Big5" } };
        var codes = MetadataChecks.Check(d, checks, columns).Select(p => p.Code).ToList();
        Assert.Equal(["contact-phone", "contact-email", "fee", "format", "encoding", "field-descriptions"], codes);
        var fields = MetadataChecks.Check(d, checks, columns).Single(p => p.Code == "field-descriptions");
        Assert.Contains("備註", fields.Zh, StringComparison.Ordinal);
        Assert.Equal(resource.Id, fields.ResourceId);
    }

    [Fact]
    public void Plain_ASCII_content_fits_either_declared_encoding()
    {
        var d = Good();
        d.Resources[0].Encoding = "BIG5";
        var checks = new Dictionary<Guid, LinkCheck> { [d.Resources[0].Id] = new() { Url = "x", Content = SniffedFormat.Csv, ContentEncoding = "ASCII" } };
        Assert.Empty(MetadataChecks.Check(d, checks, new Dictionary<Guid, IReadOnlyList<string>>()));
    }

    [Theory]
    // The plan's formula: (1 − (late + broken + wrong) / open) × 100.
    [InlineData(5, 2, 1, 1, 20.00)]
    [InlineData(40, 1, 2, 1, 90.00)]
    [InlineData(3, 0, 0, 1, 66.67)]
    [InlineData(10, 0, 0, 0, 100.00)]
    public void The_accuracy_formula(int open, int late, int broken, int wrong, double expected) =>
        Assert.Equal((decimal)expected, QualitySnapshot.AccuracyOf(open, late, broken, wrong));

    [Fact]
    public void Nothing_open_gives_no_accuracy() => Assert.Null(QualitySnapshot.AccuracyOf(0, 0, 0, 0));
}
