using System.Globalization;

namespace Kaifang.Datastore;

/// How DataStore text is cut into the tokens of its full-text index, and how a q becomes an FTS5
/// query over them (docs/datastore.md, "Full-text q"; docs/decisions/0012-datastore-full-text.md).
///
/// A value is read as runs of Chinese (CJK) characters and runs of letters and digits; anything else
/// (spaces, punctuation, symbols) separates runs. A CJK run c1…cn is indexed as its overlapping
/// bigrams c1c2, c2c3, …, c(n-1)cn followed by its last character cn alone, so that every character
/// of the run is the first character of exactly one token at its own position. A run of letters and
/// digits is one token, lower-cased, with full-width forms (Ａ, １) read as ASCII. Tokens are written
/// space-separated and stored in an FTS5 table with the ascii tokenizer, which keeps them as they are.
///
/// A query word then matches exactly where its text occurs: a CJK part of two or more characters is
/// the phrase of its bigrams; one character is a prefix query (any token starting with it); a CJK part
/// followed by another part must end its run (its last character alone comes next), one preceded by
/// another part must start its run; letters and digits are whole tokens.
public static class DatastoreFullText
{
    /// Appends the tokens of one value to the buffer, each followed by a space.
    public static void AppendTokens(ReadOnlySpan<char> text, TokenBuffer tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var i = 0;
        while (i < text.Length)
        {
            var kind = KindAt(text, i, out var width);
            if (kind == CharKind.Cjk)
            {
                // Overlapping bigrams: each character with the next one, then the last one alone.
                var previous = i;
                i += width;
                while (i < text.Length && KindAt(text, i, out var next) == CharKind.Cjk)
                {
                    tokens.Append(text[previous..(i + next)]).Append(' ');
                    previous = i;
                    i += next;
                }
                tokens.Append(text[previous..i]).Append(' ');
            }
            else if (kind == CharKind.Word)
            {
                while (i < text.Length && KindAt(text, i, out var next) == CharKind.Word)
                {
                    if (next == 1)
                    {
                        tokens.Append(Fold(text[i]));
                    }
                    else
                    {
                        tokens.Append(text.Slice(i, next));
                    }
                    i += next;
                }
                tokens.Append(' ');
            }
            else
            {
                i += width;
            }
        }
    }

    /// The tokens of a value, space-separated (what the index holds for it).
    public static string Tokens(string? text)
    {
        var tokens = new TokenBuffer();
        AppendTokens(text, tokens);
        return tokens.Span.TrimEnd(' ').ToString();
    }

    /// The FTS5 query for a q: every whitespace-separated word must occur, each as the phrase its
    /// tokens make (see the class comment), in any of the index's columns or, with column, in that
    /// column only. Null when no word has a letter, digit or CJK character to search for. Every token
    /// is written as an FTS5 string, so nothing the caller typed is read as FTS5 syntax.
    public static string? Query(string q, string? column = null)
    {
        ArgumentNullException.ThrowIfNull(q);
        var phrases = new List<string>();
        foreach (var word in q.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (Phrase(word) is { } phrase)
            {
                phrases.Add(column is null ? phrase : $"{column} : {phrase}");
            }
        }
        return phrases.Count == 0 ? null : string.Join(" AND ", phrases.Distinct(StringComparer.Ordinal));
    }

    /// One word's phrase: its tokens in order, as FTS5 strings joined by "+".
    private static string? Phrase(string word) =>
        PhraseTokens(word) is { Count: > 0 } tokens
            ? string.Join(" + ", tokens.Select(t => t.Prefix ? Quote(t.Token) + " *" : Quote(t.Token)))
            : null;

    /// One word's tokens in phrase order, each an exact token or a prefix (see the class comment).
    private static List<(string Token, bool Prefix)> PhraseTokens(string word)
    {
        var parts = Parts(word);
        var tokens = new List<(string, bool)>();
        for (var p = 0; p < parts.Count; p++)
        {
            var (cjk, text) = parts[p];
            if (!cjk)
            {
                tokens.Add((text, false));
                continue;
            }
            var chars = Characters(text);
            var last = p == parts.Count - 1;
            if (chars.Count == 1)
            {
                // Anywhere, or at the start of a run: a token starting with the character. Ending a run
                // (followed by another part): the character alone, which only a run's last character gives.
                tokens.Add((chars[0], last));
                continue;
            }
            for (var c = 0; c + 1 < chars.Count; c++)
            {
                tokens.Add((chars[c] + chars[c + 1], false));
            }
            if (!last)
            {
                tokens.Add((chars[^1], false));
            }
        }
        return tokens;
    }

    /// The words of a q, each with its longest CJK part (null when it has none): for a scan of a table
    /// without its index (a LIKE on that part narrows the rows before <see cref="Contains"/> decides).
    public static IReadOnlyList<(string Word, string? Chinese)> Words(string q)
    {
        ArgumentNullException.ThrowIfNull(q);
        return [.. q.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(w => Parts(w).Count > 0)
            .Select(w => (w, Parts(w).Where(p => p.Cjk).Select(p => p.Text).MaxBy(t => t.Length)))];
    }

    [ThreadStatic]
    private static (string Word, List<(string Token, bool Prefix)> Tokens)? _lastWord;

    /// Whether the value holds the word as the index would find it: the scan of a table whose index is
    /// not built yet gives the same rows as the index.
    public static bool Contains(string? value, string word)
    {
        if (string.IsNullOrEmpty(value) || string.IsNullOrEmpty(word))
        {
            return false;
        }
        if (_lastWord is not { } compiled || !string.Equals(compiled.Word, word, StringComparison.Ordinal))
        {
            compiled = (word, PhraseTokens(word));
            _lastWord = compiled;
        }
        var phrase = compiled.Tokens;
        if (phrase.Count == 0)
        {
            return false;
        }
        var tokens = Tokens(value).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var start = 0; start + phrase.Count <= tokens.Length; start++)
        {
            var all = true;
            for (var k = 0; k < phrase.Count && all; k++)
            {
                var (token, prefix) = phrase[k];
                all = prefix ? tokens[start + k].StartsWith(token, StringComparison.Ordinal) : tokens[start + k] == token;
            }
            if (all)
            {
                return true;
            }
        }
        return false;
    }

    /// A word's runs: (true, CJK characters) or (false, a lower-cased token of letters and digits).
    private static List<(bool Cjk, string Text)> Parts(string word)
    {
        var parts = new List<(bool, string)>();
        var tokens = new TokenBuffer();
        var text = word.AsSpan();
        var i = 0;
        while (i < text.Length)
        {
            var kind = KindAt(text, i, out var width);
            if (kind == CharKind.Other)
            {
                i += width;
                continue;
            }
            var start = i;
            while (i < text.Length && KindAt(text, i, out var next) == kind)
            {
                i += next;
            }
            tokens.Clear();
            if (kind == CharKind.Cjk)
            {
                parts.Add((true, text[start..i].ToString()));
            }
            else
            {
                AppendTokens(text[start..i], tokens);
                parts.Add((false, tokens.Span.TrimEnd(' ').ToString()));
            }
        }
        return parts;
    }

    private static List<string> Characters(string run)
    {
        var chars = new List<string>(run.Length);
        for (var i = 0; i < run.Length;)
        {
            var width = char.IsHighSurrogate(run[i]) && i + 1 < run.Length && char.IsLowSurrogate(run[i + 1]) ? 2 : 1;
            chars.Add(run.Substring(i, width));
            i += width;
        }
        return chars;
    }

    private static string Quote(string token) => $"\"{token.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private enum CharKind
    {
        Other,
        Cjk,
        Word,
    }

    private static CharKind KindAt(ReadOnlySpan<char> text, int i, out int width)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            width = 2;
            var codePoint = char.ConvertToUtf32(c, text[i + 1]);
            // CJK Unified Ideographs Extension B and later (U+20000–U+3FFFF): rare characters of names and places.
            if (codePoint is >= 0x20000 and <= 0x3FFFF)
            {
                return CharKind.Cjk;
            }
            return CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
                or UnicodeCategory.TitlecaseLetter or UnicodeCategory.OtherLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.DecimalDigitNumber
                ? CharKind.Word : CharKind.Other;
        }
        width = 1;
        if (c < 0x80)
        {
            return char.IsAsciiLetterOrDigit(c) ? CharKind.Word : CharKind.Other;
        }
        if (IsCjk(c))
        {
            return CharKind.Cjk;
        }
        if (c is >= '\uFF10' and <= '\uFF19' or >= '\uFF21' and <= '\uFF3A' or >= '\uFF41' and <= '\uFF5A')
        {
            return CharKind.Word;
        }
        return char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            ? CharKind.Word : CharKind.Other;
    }

    /// Han, kana, Hangul and Bopomofo: the scripts written without spaces between words.
    private static bool IsCjk(char c) => c is
        (>= '\u3005' and <= '\u3007')       // 々 〆 〇
        or (>= '\u3040' and <= '\u30FF')    // Hiragana, Katakana
        or (>= '\u3100' and <= '\u312F')    // Bopomofo
        or (>= '\u31A0' and <= '\u31BF')    // Bopomofo Extended
        or (>= '\u31F0' and <= '\u31FF')    // Katakana Phonetic Extensions
        or (>= '\u3400' and <= '\u4DBF')    // CJK Extension A
        or (>= '\u4E00' and <= '\u9FFF')    // CJK Unified Ideographs
        or (>= '\uAC00' and <= '\uD7AF')    // Hangul syllables
        or (>= '\uF900' and <= '\uFAFF');   // CJK Compatibility Ideographs

    /// Lower case, and full-width Latin letters and digits as ASCII (Ａ → a, １ → 1).
    private static char Fold(char c)
    {
        if (c is >= '\uFF10' and <= '\uFF5A')
        {
            c = (char)(c - 0xFEE0);
        }
        return char.ToLowerInvariant(c);
    }
}

/// A reusable, growable run of characters: a value's tokens, handed to SQLite without a string per value.
public sealed class TokenBuffer
{
    private char[] _chars = new char[256];

    public int Length { get; private set; }

    public ReadOnlySpan<char> Span => _chars.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public TokenBuffer Append(char c)
    {
        Reserve(1);
        _chars[Length++] = c;
        return this;
    }

    public TokenBuffer Append(ReadOnlySpan<char> text)
    {
        Reserve(text.Length);
        text.CopyTo(_chars.AsSpan(Length));
        Length += text.Length;
        return this;
    }

    /// Appends UTF-8 text (as SQLite returns a TEXT column) decoded.
    public TokenBuffer AppendUtf8(ReadOnlySpan<byte> utf8)
    {
        Reserve(System.Text.Encoding.UTF8.GetMaxCharCount(utf8.Length));
        Length += System.Text.Encoding.UTF8.GetChars(utf8, _chars.AsSpan(Length));
        return this;
    }

    private void Reserve(int more)
    {
        if (Length + more > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, Length + more));
        }
    }
}
