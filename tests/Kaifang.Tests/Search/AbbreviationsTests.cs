using Kaifang.Search;

namespace Kaifang.Tests.Search;

public class AbbreviationsTests
{
    [Fact]
    public void A_short_form_inside_a_word_is_written_out()
    {
        Assert.Contains("勞工保險投保薪資", Abbreviations.Alternatives("勞保投保薪資"));
    }

    [Fact]
    public void A_full_form_is_also_searched_in_short()
    {
        Assert.Contains("職災統計", Abbreviations.Alternatives("職業災害統計"));
    }

    [Fact]
    public void Text_without_known_forms_has_no_alternatives()
    {
        Assert.Empty(Abbreviations.Alternatives("minimum wage"));
    }
}
