using Kaifang.Feedback;

namespace Kaifang.Tests.Feedback;

public sealed class SpamCheckTests
{
    private static readonly FeedbackOptions Options = new() { HoldWords = ["代開發票"] };

    [Fact]
    public void An_ordinary_comment_is_shown() =>
        Assert.Null(SpamCheck.Reason("投保薪資分級表", "115年的分級表何時更新？請參考 https://www.bli.gov.tw/ 的公告。", null, Options));

    [Fact]
    public void A_filled_honeypot_holds_it() =>
        Assert.Contains("hidden field", SpamCheck.Reason("hi", "hello", "http://spam.example", Options), StringComparison.Ordinal);

    [Fact]
    public void More_than_three_links_hold_it() =>
        Assert.Contains("4 links", SpamCheck.Reason("", "http://a.example http://b.example www.c.example https://d.example", null, Options), StringComparison.Ordinal);

    [Fact]
    public void A_configured_word_holds_it() =>
        Assert.Contains("代開發票", SpamCheck.Reason("", "專業代開發票", null, Options), StringComparison.Ordinal);

    [Fact]
    public void A_long_run_of_one_character_holds_it() =>
        Assert.NotNull(SpamCheck.Reason("", new string('!', 40), null, Options));
}
