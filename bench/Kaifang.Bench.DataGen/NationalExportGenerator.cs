using System.Globalization;
using System.Text;
using Kaifang.Catalog;
using Kaifang.Interop.NationalPlatform;
using Kaifang.Seeding;

namespace Kaifang.Bench.DataGen;

/// Writes a national-platform "export all datasets" CSV of made-up but realistic datasets, for the
/// import and search benchmarks. Titles, descriptions and fields come from the demo catalog's
/// vocabulary so that the search index sees the words it will see in production.
public sealed class NationalExportGenerator(int seed)
{
    // Other ministries besides the six seeded agencies, so that the import creates agencies too.
    private static readonly (string Name, string OrganisationCode, string Domain)[] Agencies =
    [
        ("勞動部", "A17000000J", "mol.gov.tw"), ("勞動部勞工保險局", "A17010000J", "bli.gov.tw"),
        ("勞動部勞動力發展署", "A17020000J", "wda.gov.tw"), ("勞動部勞動基金運用局", "A17030000J", "blf.gov.tw"),
        ("勞動部職業安全衛生署", "A17040000J", "osha.gov.tw"), ("勞動部勞動及職業安全衛生研究所", "A17050000J", "ilosh.gov.tw"),
        ("內政部", "A01000000A", "moi.gov.tw"), ("經濟部", "A15000000E", "moea.gov.tw"), ("交通部", "A16000000G", "motc.gov.tw"),
        ("衛生福利部", "A21000000I", "mohw.gov.tw"), ("教育部", "A09000000E", "moe.gov.tw"), ("財政部", "A08000000E", "mof.gov.tw"),
        ("農業部", "A19000000N", "moa.gov.tw"), ("環境部", "A20000000K", "moenv.gov.tw"), ("文化部", "A25000000E", "moc.gov.tw"),
        ("臺北市政府", "379000000A", "gov.taipei"), ("新北市政府", "382000000A", "ntpc.gov.tw"), ("臺中市政府", "387000000A", "taichung.gov.tw"),
        ("臺南市政府", "395000000A", "tainan.gov.tw"), ("高雄市政府", "397000000A", "kcg.gov.tw"),
    ];

    private static readonly string[] Formats = ["CSV", "JSON", "XML", "XLSX", "ODS", "PDF"];
    private static readonly string[] QualityMarks = ["白金", "金", "銀", "銅", "無標章"];
    private static readonly string[] Frequencies = ["每1月", "每1月", "每3月", "每1年", "每1日", "不定期更新", "即時", "每1週"];

    private static readonly (DemoTopic Topic, DemoDimension Dimension)[] Subjects =
        [.. DemoVocabulary.Topics.Values.SelectMany(t => t).SelectMany(t => t.Dimensions.Select(d => (t, d)))];

    public void Write(TextWriter output, int count)
    {
        var random = new Random(seed);
        var serials = new Dictionary<string, int>();
        WriteRow(output, NationalColumns.AsExported);
        var fields = new string[NationalColumns.AsExported.Count];
        for (var i = 0; i < count; i++)
        {
            var (agency, org, domain) = Agencies[random.Next(Agencies.Length)];
            var serial = serials[org] = serials.GetValueOrDefault(org) + 1;
            var identifier = $"{org}-{serial:000000}";
            var (topic, dimension) = Subjects[random.Next(Subjects.Length)];
            var place = DemoVocabulary.Counties[random.Next(DemoVocabulary.Counties.Count)];
            var year = random.Next(102, 116);
            var title = (i % 3) switch
            {
                0 => $"{topic.Title}－按{dimension.TitleWords}",
                1 => $"{place}{topic.Title}－按{dimension.TitleWords}",
                _ => $"{year}年{topic.Title}統計",
            };
            var metrics = string.Join("、", topic.Metrics.Select(m => m.Column));
            var resources = random.Next(1, 6);
            var formats = Formats.ToArray();
            random.Shuffle(formats);
            formats = formats[..resources];
            // Fixed dates, not the clock: the same seed must give the same file.
            var published = new DateTime(2013, 1, 1).AddMinutes(random.Next(0, (int)(new DateTime(2026, 6, 1) - new DateTime(2013, 1, 1)).TotalMinutes));
            var modified = published.AddMinutes(random.Next(0, (int)(new DateTime(2026, 11, 1) - published).TotalMinutes));

            fields[0] = identifier;
            fields[1] = title;
            fields[2] = random.Next(10) == 0 ? ProvisionTypes.ValueAdded : ProvisionTypes.Raw;
            fields[3] = ServiceCategories.Find(topic.ServiceCategory)!.Name;
            fields[4] = QualityMarks[random.Next(QualityMarks.Length)];
            fields[5] = string.Join(';', formats);
            fields[6] = string.Join(';', formats.Select((f, k) => $"https://data.{domain}/od/{identifier}-{k + 1:000}.{f.ToLowerInvariant()}"));
            fields[7] = string.Join(';', formats.Select(_ => random.Next(8) == 0 ? "BIG5" : "UTF-8"));
            fields[8] = random.Next(4) == 0 ? ListingMethods.Automated : ListingMethods.Manual;
            fields[9] = $"本資料集提供{place}{topic.Title}按{dimension.TitleWords}分之統計，涵蓋民國{year - 2}年至{year}年。"
                + $"主要統計項目為{metrics}，{string.Join("；", topic.Metrics.Select(m => m.Meaning))}。"
                + $"關鍵字：{string.Join("、", topic.Keywords)}。";
            fields[10] = $"{(dimension.IsMonthly ? dimension.Column : "年度、" + dimension.Column)}、{metrics}";
            fields[11] = agency;
            fields[12] = Frequencies[random.Next(Frequencies.Length)];
            fields[13] = Licenses.OpenGovernmentDataV1;
            fields[14] = $"https://www.{domain}/";
            fields[15] = random.Next(50) == 0 ? "付費" : "免費";
            fields[16] = DemoVocabulary.PersonName(random);
            fields[17] = $"02-{random.Next(2000_0000, 8999_9999)}";
            fields[18] = published.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            fields[19] = modified.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            fields[20] = random.Next(20) == 0 ? "本資料集為範例資料" : "";
            fields[21] = random.Next(10, 500_000).ToString(CultureInfo.InvariantCulture);
            WriteRow(output, fields);
        }
    }

    private static void WriteRow(TextWriter output, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                output.Write(',');
            }
            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                output.Write('"');
                output.Write(field.Replace("\"", "\"\"", StringComparison.Ordinal));
                output.Write('"');
            }
            else
            {
                output.Write(field);
            }
        }
        output.Write("\r\n");
    }

    /// The platform's export is UTF-8 with a byte-order mark.
    public static readonly Encoding FileEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
}
