using System.IO.Compression;
using System.Text;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Datastore;
using Kaifang.Interop.Dcat;
using Kaifang.Search;
using Kaifang.Storage;
using Kaifang.Tests.Datastore;
using Microsoft.Extensions.Options;

namespace Kaifang.Tests.Security;

/// Thousands of malformed inputs, made from valid samples by a seeded random generator (the same inputs every
/// run), fed straight to every parser of files and of search syntax. Each input is either read or refused with
/// the parser's own "bad input" exception, which the callers turn into a message; nothing else may come out
/// (no NullReference, IndexOutOfRange, a third-party exception or a crash).
public sealed class ParserFuzzTests : IDisposable
{
    private const int Seed = 20261129;

    private static readonly string[] Tokens =
    [
        "\"", "\"\"", ",", "\r\n", "\n", "\0", "{", "}", "[", "]", ":", "<", ">", "</", "/>", "&", "&amp;", "&lol;", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
        "<![CDATA[", "]]>", "\\", "\\u", "\uFFFD", "\u00A0", "=cmd|' /C calc'!A0", "-1", "1e999", "NaN", "null", "true", "\uD800",
        "xmlns:x=\"\"", "rdf:about=\"\"", "rdf:resource=\"::\"", "rdf:parseType=\"Collection\"", "table:number-columns-repeated=\"2147483647\"",
        "table:number-rows-repeated=\"99999999\"", "table:number-rows-spanned=\"-5\"", "office:value-type=\"float\" office:value=\"x\"",
    ];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kaifang-tests", "fuzz-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _failures = [];
    private int _cases;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up.
        }
    }

    [Fact]
    public async Task Malformed_tables_are_read_or_refused_with_a_load_error_and_previews_never_fail()
    {
        var random = new Random(Seed);
        var samples = new (string Format, byte[] Bytes, int Count)[]
        {
            ("CSV", Encoding.UTF8.GetBytes(DatastoreTestData.WageCsv()), 1000),
            ("TSV", Encoding.UTF8.GetBytes(DatastoreTestData.WageCsv().Replace(',', '\t')), 300),
            ("JSON", Encoding.UTF8.GetBytes(SampleJson()), 1000),
            ("XLSX", SpreadsheetTables.Write(SpreadsheetFormat.Xlsx, "工作表1", SampleRows(), neutralise: false), 600),
            ("ODS", SpreadsheetTables.Write(SpreadsheetFormat.Ods, "工作表1", SampleRows(), neutralise: false), 600),
        };
        foreach (var (format, bytes, count) in samples)
        {
            // The sample itself reads.
            await ReadTableAsync(format, bytes, "sample");
            for (var i = 0; i < count; i++)
            {
                var input = format is "XLSX" or "ODS" && random.Next(2) == 0 ? MutateInsidePackage(bytes, random) : Mutate(bytes, random);
                await ReadTableAsync(format, input, $"{format} case {i}");
            }
        }
        foreach (var (format, input, name) in EdgeCases())
        {
            await ReadTableAsync(format, input, name);
        }
        Assert.True(_cases > 4000, $"only {_cases} cases ran");
        Assert.True(_failures.Count == 0, $"{_failures.Count} of {_cases} inputs failed badly:\n" + string.Join("\n", _failures.Take(20)));
    }

    [Fact]
    public void Malformed_rdf_xml_is_read_or_refused_with_a_syntax_error()
    {
        var random = new Random(Seed + 1);
        var sample = Encoding.UTF8.GetBytes(SampleRdf());
        Run("RDF/XML sample", () => RdfXmlParser.Parse(new MemoryStream(sample), new Uri("https://data.example.gov.tw/")), typeof(RdfSyntaxException));
        for (var i = 0; i < 1500; i++)
        {
            var input = Mutate(sample, random);
            Run($"RDF/XML case {i}", () => RdfXmlParser.Parse(new MemoryStream(input), new Uri("https://data.example.gov.tw/")), typeof(RdfSyntaxException));
        }
        foreach (var (name, text) in new[]
        {
            ("billion laughs", BillionLaughs("rdf:RDF")),
            ("external entity", """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="a">&x;</rdf:Description></rdf:RDF>"""),
            ("deep nesting", DeepRdf(50_000)),
        })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            Run($"RDF/XML {name}", () => RdfXmlParser.Parse(new MemoryStream(bytes), null), typeof(RdfSyntaxException));
        }
        Assert.True(_failures.Count == 0, $"{_failures.Count} of {_cases} inputs failed badly:\n" + string.Join("\n", _failures.Take(20)));
    }

    [Fact]
    public void Malformed_search_syntax_finds_words_for_people_and_is_a_query_error_for_machines()
    {
        using var index = new CatalogIndex(Options.Create(new KaifangOptions { DataDirectory = _directory }), TimeProvider.System);
        var agency = new Agency { Id = 1, Code = "BLI", Name = "勞動部勞工保險局", ShortName = "勞保局", NameEn = "Bureau of Labor Insurance", OrganisationCode = "A17010000J" };
        foreach (var (title, i) in new[] { "勞工保險投保薪資分級表", "職業訓練課程", "Minimum wage 基本工資" }.Select((t, i) => (t, i)))
        {
            index.Upsert(DatasetDocument.From(new Dataset
            {
                Id = Guid.NewGuid(), Identifier = $"A17010000J-{i:000000}", Name = $"bli-{i}", Title = title, AgencyId = 1, Agency = agency,
                Status = DatasetStatus.Published, MetadataModifiedAt = DateTimeOffset.UnixEpoch.AddDays(i),
            }, agency));
        }
        var random = new Random(Seed + 2);
        for (var i = 0; i < 1500; i++)
        {
            var text = RandomQuery(random);
            Run($"q for people {i}: {Shown(text)}", () => index.Search(new CatalogQuery { Text = text }), null);
            Run($"q for machines {i}: {Shown(text)}", () => index.Search(new CatalogQuery { Text = text, StrictSyntax = true }), typeof(CatalogQueryException));
            Run($"fq {i}: {Shown(text)}", () => index.Search(new CatalogQuery { FilterQueries = [text], StrictSyntax = true }), typeof(CatalogQueryException));
        }
        Assert.True(_failures.Count == 0, $"{_failures.Count} of {_cases} queries failed badly:\n" + string.Join("\n", _failures.Take(20)));
    }

    /// Random text in the shape of Lucene syntax: fields, quotes, brackets, ranges, operators, escapes, very long words.
    internal static string RandomQuery(Random random)
    {
        string[] parts =
        [
            "勞保", "薪資", "wage", "title:", "agency:", "res_format:", "tags:", "metadata_modified:", "organization:", "unknown_field:", "_any:",
            "\"", "(", ")", "[", "]", "{", "}", "*", "?", "~", "~2", "~9", "^", "^2", "^-1", "^abc", " TO ", "[a TO", "[* TO *]", "[2024-01-01 TO NOW]",
            "AND", "OR", "NOT", "&&", "||", "!", "+", "-", "\\", "\\\\", "/", "/[/", "/a.*/", ":", "::", " ", "  ", "*:*", "NOW-1DAY", "2024-13-45",
            "\0", "\uD800", "\u3000", "\t", "\n", "%", "'", "\"unclosed", "a*", "*a", "a~0.5", "a~-3", "field:(", "([{", "\"\"", "/(a|aa)*(b|bb)*.{1,50}x{1,99}/", "/[^a]{1,999}/", "title:/.*/", "a?b*c?d*e?f*g?h*",
        ];
        var text = new StringBuilder();
        var n = random.Next(1, 12);
        for (var i = 0; i < n; i++)
        {
            text.Append(parts[random.Next(parts.Length)]);
        }
        if (random.Next(40) == 0)
        {
            // A very long string: a word of thousands of characters, or thousands of terms.
            text.Append(random.Next(2) == 0 ? new string('a', 20_000) : string.Concat(Enumerable.Repeat("a OR ", 3000)));
        }
        return text.ToString();
    }

    private async Task ReadTableAsync(string format, byte[] input, string name)
    {
        await RunAsync($"{name} (DataStore)", async () =>
        {
            using var file = await TabularFile.OpenAsync(() => new MemoryStream(input, writable: false), format, null, CancellationToken.None);
            foreach (var row in file.Rows(CancellationToken.None))
            {
                Assert.Equal(file.Columns.Count, row.Length);
            }
            using var cursor = file.OpenCursor(CancellationToken.None);
            while (cursor.Read())
            {
                for (var i = 0; i < file.Columns.Count; i++)
                {
                    _ = cursor[i].Length;
                }
            }
        }, typeof(DatastoreLoadException));
        if (format != "ODS")
        {
            await RunAsync($"{name} (preview)", () => ResourcePreview.ReadAsync(new MemoryStream(input, writable: false), format, CancellationToken.None), null);
        }
    }

    private void Run(string name, Action action, Type? expected) =>
        RunAsync(name, () =>
        {
            action();
            return Task.CompletedTask;
        }, expected).GetAwaiter().GetResult();

    private async Task RunAsync(string name, Func<Task> action, Type? expected)
    {
        _cases++;
        try
        {
            await action();
        }
        catch (Exception e) when (expected is not null && e.GetType() == expected)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message), $"{name}: {expected.Name} without a message");
        }
        catch (Exception e)
        {
            _failures.Add($"{name}: {e.GetType().FullName}: {e.Message.Split('\n')[0]}\n   at {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
        }
    }

    private static string Shown(string text) => text.Length > 80 ? text[..80] + "…" : text;

    /// One to four random changes: bit flips, bytes replaced, inserted or deleted, a cut, a repeated chunk, a syntax token.
    internal static byte[] Mutate(byte[] sample, Random random)
    {
        var bytes = new List<byte>(sample);
        var changes = random.Next(1, 5);
        for (var c = 0; c < changes && bytes.Count > 0; c++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(8))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 16)).Select(_ => (byte)random.Next(256)));
                    break;
                case 3:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 64), bytes.Count - at));
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 5:
                    var length = Math.Min(random.Next(1, 200), bytes.Count - at);
                    var chunk = bytes.GetRange(at, length);
                    for (var k = random.Next(1, 20); k > 0; k--)
                    {
                        bytes.InsertRange(at, chunk);
                    }
                    break;
                case 6:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                    break;
                default:
                    bytes.InsertRange(at, new byte[] { 0xFF, 0xFE, 0xC3, 0x28, 0xE2, 0x82, 0x80, 0xF0 }.Take(random.Next(1, 9)));
                    break;
            }
        }
        return [.. bytes];
    }

    /// The package zipped again with one of its XML parts changed, so that the XML readers, not only the zip reader, see damage.
    private static byte[] MutateInsidePackage(byte[] package, Random random)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            var xmlParts = source.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)).ToList();
            var chosen = xmlParts[random.Next(xmlParts.Count)];
            foreach (var entry in source.Entries)
            {
                using var read = new MemoryStream();
                using (var s = entry.Open())
                {
                    s.CopyTo(read);
                }
                var bytes = entry == chosen ? Mutate(read.ToArray(), random) : read.ToArray();
                using var write = target.CreateEntry(entry.FullName).Open();
                write.Write(bytes);
            }
        }
        return output.ToArray();
    }

    private static IEnumerable<(string Format, byte[] Input, string Name)> EdgeCases()
    {
        yield return ("CSV", [], "empty CSV");
        yield return ("JSON", [], "empty JSON");
        yield return ("XLSX", [], "empty XLSX");
        yield return ("ODS", [], "empty ODS");
        yield return ("CSV", [.. "a,b\n"u8, .. Enumerable.Repeat((byte)'x', 3 * 1024 * 1024), .. "\n"u8], "a 3 MB line");
        yield return ("CSV", [.. "a,b\n\"open"u8, .. Enumerable.Repeat((byte)'x', 3 * 1024 * 1024)], "a quote left open");
        yield return ("CSV", [0xC3, 0x28, 0x2C, 0xA0, 0xA1, 0x0A, 0xE2, 0x28, 0xA1, 0x2C, 0xF0, 0x28, 0x8C, 0xBC, 0x0A, 0xFF, 0xFE, 0xFD], "invalid UTF-8");
        yield return ("JSON", Encoding.UTF8.GetBytes(new string('[', 100_000)), "JSON nested 100,000 deep");
        yield return ("JSON", Encoding.UTF8.GetBytes("[" + string.Concat(Enumerable.Repeat("{\"a\":{\"b\":[1,2,{\"c\":null}]}},", 1000)) + "]"), "JSON records of objects");
        yield return ("JSON", [0xEF, 0xBB, 0xBF, 0xFF, 0xFE, 0x00], "JSON of bad bytes");
        yield return ("XLSX", Encoding.UTF8.GetBytes(DatastoreTestData.WageCsv()), "a CSV named XLSX");
        yield return ("ODS", SpreadsheetTables.Write(SpreadsheetFormat.Xlsx, "x", SampleRows(), neutralise: false), "an XLSX named ODS");
        yield return ("XLSX", SpreadsheetTables.Write(SpreadsheetFormat.Ods, "x", SampleRows(), neutralise: false), "an ODS named XLSX");
        yield return ("XLS", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[600]], "an XLS header and nothing");
        yield return ("ODS", HostileFiles.Ods(BillionLaughs("office:document-content")), "ODS with billion laughs");
        yield return ("XLSX", HostileFiles.XlsxWithSheet(BillionLaughs("worksheet")), "XLSX with billion laughs");
        yield return ("XLSX", HostileFiles.XlsxWithSheet("""<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>"""), "XLSX with an external entity");
        yield return ("XLSX", HostileFiles.ZipBomb("xl/worksheets/sheet1.xml", 1L << 30), "XLSX zip bomb");
        yield return ("ODS", HostileFiles.ZipBomb("content.xml", 1L << 30), "ODS zip bomb");
    }

    internal static string BillionLaughs(string root)
    {
        var doctype = new StringBuilder($"<?xml version=\"1.0\"?><!DOCTYPE {root} [<!ENTITY lol \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            doctype.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat(i == 1 ? "&lol;" : $"&lol{i - 1};", 10))}\">");
        }
        return doctype.Append($"]><{root}>&lol9;</{root}>").ToString();
    }

    private static string DeepRdf(int depth)
    {
        var text = new StringBuilder("""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">""");
        for (var i = 0; i < depth; i++)
        {
            text.Append("<rdf:Description><ex:p>");
        }
        for (var i = 0; i < depth; i++)
        {
            text.Append("</ex:p></rdf:Description>");
        }
        return text.Append("</rdf:RDF>").ToString();
    }

    private static List<string[]> SampleRows() =>
    [
        ["代碼", "縣市", "人數", "平均薪資", "公告日"],
        .. Enumerable.Range(1, 30).Select(i => new[] { $"{i:000}", DatastoreTestData.Cities[i % 5], $"{i * 10}", $"{30000 + (i * 500.5)}", $"2024-01-{(i % 28) + 1:00}" }),
    ];

    private static string SampleJson() =>
        "{\"records\":[" + string.Join(",", Enumerable.Range(1, 30).Select(i => $"{{\"代碼\":\"{i:000}\",\"縣市\":\"{DatastoreTestData.Cities[i % 5]}\",\"人數\":{i * 10},\"公告\":{(i % 2 == 0 ? "true" : "false")},\"備註\":null}}")) + "]}";

    private static string SampleRdf() => """
        <?xml version="1.0" encoding="UTF-8"?>
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/" xml:base="https://data.example.gov.tw/">
          <dcat:Catalog rdf:about="catalog">
            <dct:title xml:lang="zh-TW">勞動部開放資料</dct:title>
            <dcat:dataset>
              <dcat:Dataset rdf:about="dataset/1">
                <dct:title xml:lang="zh-TW">勞工保險投保薪資分級表</dct:title>
                <dct:issued rdf:datatype="http://www.w3.org/2001/XMLSchema#date">2024-01-01</dct:issued>
                <dcat:keyword>勞保</dcat:keyword>
                <dcat:distribution rdf:parseType="Resource">
                  <dcat:downloadURL rdf:resource="files/grades.csv"/>
                  <dct:format>CSV</dct:format>
                </dcat:distribution>
                <dct:subject rdf:parseType="Collection"><rdf:Description rdf:about="#a"/><rdf:Description rdf:nodeID="b"/></dct:subject>
                <dct:description rdf:parseType="Literal"><p>說明</p></dct:description>
              </dcat:Dataset>
            </dcat:dataset>
          </dcat:Catalog>
        </rdf:RDF>
        """;
}
