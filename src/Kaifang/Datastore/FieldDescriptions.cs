namespace Kaifang.Datastore;

/// Reads a dataset's 主要欄位說明 into column name → meaning. Agencies write it as
/// "欄位(說明)、欄位(說明)" (the national platform's usual form), with full-width brackets, or one
/// "欄位：說明" per line; anything else gives no descriptions rather than wrong ones.
public static class FieldDescriptions
{
    private static readonly char[] Separators = ['、', ',', '，', ';', '；', '\n', '\r'];

    public static IReadOnlyDictionary<string, string> Parse(string? mainFieldsDescription)
    {
        var meanings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(mainFieldsDescription))
        {
            return meanings;
        }
        foreach (var part in SplitOutsideBrackets(mainFieldsDescription))
        {
            var item = part.Trim();
            var open = item.IndexOfAny(['(', '（']);
            if (open > 0 && (item.EndsWith(')') || item.EndsWith('）')))
            {
                meanings.TryAdd(item[..open].Trim(), item[(open + 1)..^1].Trim());
                continue;
            }
            var colon = item.IndexOfAny([':', '：']);
            if (colon > 0 && colon < item.Length - 1)
            {
                meanings.TryAdd(item[..colon].Trim(), item[(colon + 1)..].Trim());
            }
        }
        return meanings;
    }

    /// Splits on the separators, except inside brackets: a meaning may itself hold "、".
    private static IEnumerable<string> SplitOutsideBrackets(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '(' or '（')
            {
                depth++;
            }
            else if (c is ')' or '）')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0 && Array.IndexOf(Separators, c) >= 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }
}
