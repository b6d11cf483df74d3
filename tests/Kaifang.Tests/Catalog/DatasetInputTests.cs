using Kaifang.Catalog;

namespace Kaifang.Tests.Catalog;

public class DatasetInputTests
{
    public static DatasetInput Valid => new()
    {
        Title = "勞工保險投保薪資分級表",
        Description = "勞工保險投保薪資分級表，含各等級月投保薪資。",
        Agency = "BLI",
        ServiceCategory = "500",
        MainFieldsDescription = "等級、月投保薪資",
        UpdateFrequency = "每1年",
        ContactName = "王小明",
        ContactPhone = "02-23961266#2101",
        ContactEmail = "data@bli.gov.tw",
        Fee = "免費",
    };

    [Fact]
    public void A_complete_input_is_valid() => Assert.True(Valid.Validate().IsValid);

    [Fact]
    public void Coverage_dates_are_iso_or_roc_and_an_end_before_the_start_is_refused()
    {
        var dataset = new Dataset { Identifier = "A17010000J-000001", Name = "a", Title = "a" };
        (Valid with { SpatialCoverage = "臺灣地區", CoverageStart = "105/01/01", CoverageEnd = "2025-12-31" }).ApplyTo(dataset);
        Assert.Equal(new DateOnly(2016, 1, 1), dataset.CoverageStart);
        Assert.Equal(new DateOnly(2025, 12, 31), dataset.CoverageEnd);
        Assert.Equal("臺灣地區", dataset.SpatialCoverage);
        var wrong = (Valid with { CoverageStart = "2016-13-01" }).Validate();
        Assert.Contains("105/01/01", wrong.For("coverageStart")[0].Zh, StringComparison.Ordinal);
        var backwards = (Valid with { CoverageStart = "2020-01-01", CoverageEnd = "民國105年1月1日" }).Validate();
        Assert.Contains("2016-01-01", backwards.For("coverageEnd")[0].En, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_in_both_languages()
    {
        var errors = new DatasetInput { ContactPhone = "call me", ContactEmail = "not-an-email", UpdateFrequency = "sometimes", ServiceCategory = "ZZZ" }.Validate();
        Assert.False(errors.IsValid);
        foreach (var field in new[] { "title", "description", "agency", "mainFieldsDescription", "contactName", "contactPhone", "contactEmail", "updateFrequency", "serviceCategory" })
        {
            var messages = errors.For(field);
            Assert.NotEmpty(messages);
            Assert.All(messages, m =>
            {
                Assert.False(string.IsNullOrWhiteSpace(m.Zh));
                Assert.False(string.IsNullOrWhiteSpace(m.En));
            });
        }
    }

    [Fact]
    public void A_charged_dataset_needs_its_fee_url_and_legal_basis()
    {
        var errors = (Valid with { Fee = "付費" }).Validate();
        Assert.NotEmpty(errors.For("feeUrl"));
        Assert.NotEmpty(errors.For("feeBasis"));
        Assert.True((Valid with { Fee = "付費", FeeUrl = "https://www.bli.gov.tw/fee", FeeBasis = "規費法第10條" }).Validate().IsValid);
    }

    [Theory]
    [InlineData("02-85902866")]
    [InlineData("(02)8590-2866")]
    [InlineData("0800-211-459")]
    [InlineData("+886-2-8590-2866")]
    [InlineData("02-85902866#123")]
    [InlineData("02-23961266 分機 2101")]
    [InlineData("0912-345-678")]
    public void Taiwan_phone_numbers_are_accepted(string phone) => Assert.Empty((Valid with { ContactPhone = phone }).Validate().For("contactPhone"));

    [Theory]
    [InlineData("call me")]
    [InlineData("12")]
    [InlineData("02-8590-2866-ext")]
    public void Malformed_phone_numbers_are_refused(string phone) => Assert.NotEmpty((Valid with { ContactPhone = phone }).Validate().For("contactPhone"));

    [Fact]
    public void Related_url_must_be_http()
    {
        Assert.NotEmpty((Valid with { RelatedUrl = "javascript:alert(1)" }).Validate().For("relatedUrl"));
        Assert.Empty((Valid with { RelatedUrl = "https://www.bli.gov.tw/" }).Validate().For("relatedUrl"));
    }

    [Fact]
    public void Applying_input_normalises_category_frequency_and_keywords()
    {
        var dataset = new Dataset { Identifier = "A17010000J-000001", Name = "a17010000j-000001", Title = "" };
        (Valid with { ServiceCategory = "求職及就業", Keywords = [" 勞保 ", "投保薪資", "勞保"] }).ApplyTo(dataset);
        Assert.Equal("500", dataset.ServiceCategory);
        Assert.Equal(UpdateFrequency.Every(1, FrequencyUnit.Year), dataset.UpdateFrequency);
        Assert.Equal(["勞保", "投保薪資"], dataset.Keywords);
        Assert.Equal(Licenses.OpenGovernmentDataV1, dataset.License);
    }
}
