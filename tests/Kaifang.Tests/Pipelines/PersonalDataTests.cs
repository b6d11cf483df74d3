using Kaifang.Pipelines;

namespace Kaifang.Tests.Pipelines;

public class PersonalDataTests
{
    [Theory]
    [InlineData("A123456789")]
    [InlineData("F131104093")]
    [InlineData("a123456789")]
    [InlineData("B223456782")]
    public void National_ID_numbers_with_a_correct_check_digit_are_recognised(string id)
    {
        Assert.True(PersonalData.IsNationalId(id));
        Assert.Equal(PersonalDataKind.NationalId, PersonalData.Detect(id));
    }

    [Theory]
    [InlineData("A123456788")]
    [InlineData("A323456789")]
    [InlineData("1123456789")]
    [InlineData("A12345678")]
    [InlineData("A1234567890")]
    public void National_ID_numbers_with_a_wrong_check_digit_or_form_are_not(string id) =>
        Assert.False(PersonalData.IsNationalId(id));

    [Theory]
    [InlineData("A800000014")]
    [InlineData("AC01234567")]
    public void Resident_certificate_numbers_new_and_old_are_recognised(string id)
    {
        Assert.True(PersonalData.IsResidentCertificate(id));
        Assert.Equal(PersonalDataKind.ResidentCertificate, PersonalData.Detect(id));
    }

    [Theory]
    [InlineData("A800000015")]
    [InlineData("AC01234568")]
    [InlineData("AE01234567")]
    public void Resident_certificate_numbers_with_a_wrong_check_digit_are_not(string id) =>
        Assert.False(PersonalData.IsResidentCertificate(id));

    [Theory]
    [InlineData("0912-345-678", PersonalDataKind.MobilePhone)]
    [InlineData("0912345678", PersonalDataKind.MobilePhone)]
    [InlineData("+886 912 345 678", PersonalDataKind.MobilePhone)]
    [InlineData("02-23456789", PersonalDataKind.LandlinePhone)]
    [InlineData("(02)2345-6789", PersonalDataKind.LandlinePhone)]
    [InlineData("（049）2345678", PersonalDataKind.LandlinePhone)]
    [InlineData("037-123456", PersonalDataKind.LandlinePhone)]
    [InlineData("02-2345-6789#123", PersonalDataKind.LandlinePhone)]
    [InlineData("+886-2-2345-6789", PersonalDataKind.LandlinePhone)]
    [InlineData("wang@example.com", PersonalDataKind.Email)]
    public void Phone_numbers_and_email_are_recognised(string value, PersonalDataKind kind) =>
        Assert.Equal(kind, PersonalData.Detect(value));

    [Theory]
    [InlineData("0800")]
    [InlineData("12345678")]
    [InlineData("2016-03-01")]
    [InlineData("王小明")]
    [InlineData("臺北市")]
    public void Codes_dates_and_names_outside_name_columns_are_not_personal(string value) =>
        Assert.Null(PersonalData.Detect(value));

    [Theory]
    [InlineData("王小明", true)]
    [InlineData("林美", true)]
    [InlineData("歐陽志明", true)]
    [InlineData("臺北市", false)]
    [InlineData("王小明先生你好", false)]
    [InlineData("Wang", false)]
    public void Names_are_two_to_four_Chinese_characters_starting_with_a_surname(string value, bool name) =>
        Assert.Equal(name ? PersonalDataKind.PersonName : null, PersonalData.Detect(value, nameColumn: true));

    [Theory]
    [InlineData("姓名", true)]
    [InlineData("聯絡人", true)]
    [InlineData("提供機關聯絡人姓名", true)]
    [InlineData("負責人", true)]
    [InlineData("單位名稱", false)]
    [InlineData("縣市", false)]
    public void Name_columns_are_known_by_their_header(string header, bool names) =>
        Assert.Equal(names, PersonalData.IsNameHeader(header));

    [Theory]
    [InlineData("A123456789", "A12****789")]
    [InlineData("AC01234567", "AC0****567")]
    public void IDs_keep_their_first_and_last_three_characters(string id, string masked) =>
        Assert.Equal(masked, PersonalData.MaskId(id));

    [Theory]
    [InlineData("0912-345-678", "****-***-678")]
    [InlineData("0912345678", "*******678")]
    [InlineData("(02)2345-6789", "(**)****-*789")]
    [InlineData("02-2345-6789#123", "**-****-*789")]
    public void Phone_numbers_keep_their_last_three_digits(string phone, string masked) =>
        Assert.Equal(masked, PersonalData.MaskPhone(phone));

    [Theory]
    [InlineData("王小明", "王○明")]
    [InlineData("林美", "林○")]
    [InlineData("歐陽志明", "歐陽○明")]
    [InlineData("張三李四", "張○○四")]
    public void Names_are_masked_the_Taiwan_way(string name, string masked) =>
        Assert.Equal(masked, PersonalData.MaskName(name));

    [Fact]
    public void Email_keeps_its_first_letter_and_domain() =>
        Assert.Equal("a***@example.com", PersonalData.MaskEmail("alice.wang@example.com"));

    [Fact]
    public void The_scan_warns_about_personal_columns_published_unmasked()
    {
        var table = Table.Of(["序號", "姓名", "身分證字號", "手機", "電子郵件", "縣市", "單位名稱"],
        [
            ["1", "王小明", "A123456789", "0912-345-678", "wang@example.com", "臺北市", "勞動部"],
            ["2", "林美玲", "F131104093", "0987654321", "lin@example.com", "新北市", "勞保局"],
            ["3", "陳大同", "B223456782", "", "chen@example.com", "桃園市", "陳記"],
        ]);

        var findings = PersonalDataScan.Run(table.Header, table.Rows);

        Assert.Equal(
            [("姓名", PersonalDataKind.PersonName), ("身分證字號", PersonalDataKind.NationalId), ("手機", PersonalDataKind.MobilePhone), ("電子郵件", PersonalDataKind.Email)],
            findings.Select(f => (f.Column, f.Kind)));
        var id = findings.Single(f => f.Column == "身分證字號");
        Assert.Equal(1.0, id.Share);
        Assert.Contains("身分證統一編號", id.Zh, StringComparison.Ordinal);
        Assert.Contains("unmasked", id.En, StringComparison.Ordinal);
        Assert.Equal(2, findings.Single(f => f.Column == "手機").NonEmpty);
    }

    [Fact]
    public void Masked_columns_no_longer_count_as_personal()
    {
        var table = Table.Of(["姓名", "身分證字號"], [["王小明", "A123456789"], ["林美玲", "F131104093"]]);
        var masked = PipelineSteps.Apply(table, [new MaskColumnsStep { Columns = [new("姓名"), new("身分證字號", MaskAs.NationalId)] }], new PipelineLog());
        var rows = masked.Rows.ToList();

        Assert.Equal(["王○明", "A12****789"], rows[0].Values());
        Assert.Equal(["林○玲", "F13****093"], rows[1].Values());
        Assert.Empty(PersonalDataScan.Run(masked.Header, rows));
    }
}
