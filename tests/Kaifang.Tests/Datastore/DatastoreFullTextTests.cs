using Kaifang.Datastore;
using Microsoft.Data.Sqlite;

namespace Kaifang.Tests.Datastore;

/// The tokens of DataStore text and the FTS5 queries made from q, checked against SQLite's FTS5 itself.
public sealed class DatastoreFullTextTests
{
    [Theory]
    [InlineData("投保薪資", "投保 保薪 薪資 資")]
    [InlineData("市", "市")]
    [InlineData("Labor Insurance 2024", "labor insurance 2024")]
    [InlineData("第12批", "第 12 批")]
    [InlineData("勞保局BLI-業務處", "勞保 保局 局 bli 業務 務處 處")]
    [InlineData("ＡＢＣ１２３，臺北", "abc123 臺北 北")]
    [InlineData("04-23456789", "04 23456789")]
    [InlineData("--- \"*\" NEAR ...", "near")]
    [InlineData("𡘙仔", "𡘙仔 仔")]
    public void Values_become_bigrams_with_the_last_character_and_lower_cased_words(string text, string tokens) =>
        Assert.Equal(tokens, DatastoreFullText.Tokens(text));

    [Theory]
    [InlineData("投保薪資", "\"投保\" + \"保薪\" + \"薪資\"")]
    [InlineData("市", "\"市\" *")]
    [InlineData("第12批", "\"第\" + \"12\" + \"批\" *")]
    [InlineData("臺北 Wages", "\"臺北\" AND \"wages\"")]
    [InlineData("\"x\" OR NEAR(", "\"x\" AND \"or\" AND \"near\"")]
    public void Q_becomes_phrases_of_quoted_tokens(string q, string match) =>
        Assert.Equal(match, DatastoreFullText.Query(q));

    [Theory]
    [InlineData("Wages survey", "wages", true)]
    [InlineData("Wages survey", "wage", false)]
    [InlineData("ＢＬＩ業務處", "bli業務", true)]
    [InlineData("A17010000J-000123-001", "000123-001", true)]
    [InlineData("A17010000J-000123-001", "0123", false)]
    public void Latin_words_and_numbers_match_whole(string value, string word, bool found) =>
        Assert.Equal(found, DatastoreFullText.Contains(value, word));

    [Theory]
    [InlineData("---")]
    [InlineData("\" * ( ) : + ^")]
    [InlineData("，。、「」")]
    public void Q_of_punctuation_only_has_nothing_to_search(string q) =>
        Assert.Null(DatastoreFullText.Query(q));

    /// Every Chinese query (1 to 5 characters, also mixed with a number or a Latin word) finds through the
    /// index exactly the values that contain it: the same rows as a substring search.
    [Fact]
    public void Chinese_matches_the_same_values_as_a_substring_search()
    {
        var random = new Random(3);
        const string alphabet = "勞工保險投薪資市局臺北中新竹";
        string Chinese(int length) => string.Concat(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]));
        var values = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            values.Add(random.Next(4) switch
            {
                0 => Chinese(random.Next(1, 9)),
                1 => $"{Chinese(random.Next(1, 4))}{random.Next(1, 4)}{Chinese(random.Next(1, 4))}",
                2 => $"{Chinese(random.Next(1, 5))} ab {Chinese(random.Next(1, 5))}",
                _ => $"{Chinese(random.Next(1, 6))}，{Chinese(random.Next(1, 6))}",
            });
        }
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, DatastoreDatabase.CreateFullTextSql("fts", [0]));
        for (var i = 0; i < values.Count; i++)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO fts (rowid, c0) VALUES ($id, $tokens)";
            insert.Parameters.AddWithValue("$id", i);
            insert.Parameters.AddWithValue("$tokens", DatastoreFullText.Tokens(values[i]));
            insert.ExecuteNonQuery();
        }

        var queries = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            queries.Add(random.Next(3) switch
            {
                0 => Chinese(random.Next(1, 6)),
                1 => $"{Chinese(random.Next(1, 3))}{random.Next(1, 4)}",
                _ => $"{random.Next(1, 4)}{Chinese(random.Next(1, 3))}",
            });
        }
        // And substrings of the values themselves, so that most queries find something.
        queries.AddRange(values.Take(100).Select(v => v.Replace("，", "", StringComparison.Ordinal))
            .Where(v => !v.Contains(' ', StringComparison.Ordinal) && v.Length > 1)
            .Select(v => v.Substring(random.Next(v.Length / 2), 1 + random.Next(v.Length / 2))));

        var found = 0;
        foreach (var q in queries)
        {
            var expected = Enumerable.Range(0, values.Count).Where(i => values[i].Contains(q, StringComparison.Ordinal)).ToList();
            using var select = connection.CreateCommand();
            select.CommandText = "SELECT rowid FROM fts WHERE fts MATCH $q ORDER BY rowid";
            select.Parameters.AddWithValue("$q", DatastoreFullText.Query(q));
            using var reader = select.ExecuteReader();
            var actual = new List<int>();
            while (reader.Read())
            {
                actual.Add(reader.GetInt32(0));
            }
            Assert.True(expected.SequenceEqual(actual), $"q \"{q}\": substring finds [{string.Join(", ", expected.Select(i => values[i]))}], the index [{string.Join(", ", actual.Select(i => values[i]))}]");
            // The scan of a table whose index is not built yet decides the same way.
            Assert.Equal(expected, Enumerable.Range(0, values.Count).Where(i => DatastoreFullText.Contains(values[i], q)));
            found += expected.Count > 0 ? 1 : 0;
        }
        Assert.True(found > 100, $"only {found} queries found something");
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
