using Kaifang.Datastore;

namespace Kaifang.Tests.Datastore;

public sealed class FieldDescriptionsTests
{
    [Fact]
    public void The_national_platforms_form_with_either_bracket()
    {
        var meanings = FieldDescriptions.Parse("年度(民國年)、縣市（事業單位所在縣市、含離島）、人數(受僱人數)");
        Assert.Equal("民國年", meanings["年度"]);
        Assert.Equal("事業單位所在縣市、含離島", meanings["縣市"]);
        Assert.Equal("受僱人數", meanings["人數"]);
    }

    [Fact]
    public void One_field_per_line_with_a_colon()
    {
        var meanings = FieldDescriptions.Parse("代碼：職類代碼\n名稱: 職類名稱");
        Assert.Equal("職類代碼", meanings["代碼"]);
        Assert.Equal("職類名稱", meanings["名稱"]);
    }

    [Fact]
    public void Bare_names_give_no_descriptions() => Assert.Empty(FieldDescriptions.Parse("等級、月投保薪資"));
}
