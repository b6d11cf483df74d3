namespace Kaifang.Search;

/// Short forms people type for the labour domain's long terms (勞保 for 勞工保險). A search for
/// the short form also finds the long one, and the other way round: titles are written in full
/// (勞工保險投保薪資分級表) while people search in short (勞保 投保薪資).
public static class Abbreviations
{
    /// Short form → full forms. Data rather than rules: extend it as people's searches show.
    public static readonly IReadOnlyDictionary<string, string[]> Pairs = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["勞保"] = ["勞工保險"],
        ["就保"] = ["就業保險"],
        ["勞退"] = ["勞工退休金", "勞工退休"],
        ["職災"] = ["職業災害"],
        ["職安"] = ["職業安全"],
        ["職訓"] = ["職業訓練"],
        ["技檢"] = ["技能檢定"],
        ["就服"] = ["就業服務"],
        ["勞檢"] = ["勞動檢查"],
        ["勞基法"] = ["勞動基準法"],
        ["外勞"] = ["外籍勞工", "移工"],
        ["移工"] = ["外籍勞工"],
        ["基本工資"] = ["最低工資"],
        ["最低工資"] = ["基本工資"],
    };

    /// The other ways of writing the text: each known short form in it replaced by a full form,
    /// and each full form by its short form. Empty when the text holds none.
    public static IEnumerable<string> Alternatives(string text)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { text };
        foreach (var (shortForm, fullForms) in Pairs)
        {
            foreach (var full in fullForms)
            {
                if (text.Contains(shortForm, StringComparison.Ordinal) && !text.Contains(full, StringComparison.Ordinal)
                    && seen.Add(text.Replace(shortForm, full, StringComparison.Ordinal)))
                {
                    yield return text.Replace(shortForm, full, StringComparison.Ordinal);
                }
                if (text.Contains(full, StringComparison.Ordinal) && seen.Add(text.Replace(full, shortForm, StringComparison.Ordinal)))
                {
                    yield return text.Replace(full, shortForm, StringComparison.Ordinal);
                }
            }
        }
    }
}
