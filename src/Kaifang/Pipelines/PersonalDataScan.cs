using System.Globalization;

namespace Kaifang.Pipelines;

/// Looks through the first rows of a table for columns that hold personal data, to warn before such a
/// column is published unmasked. Run it on the pipeline's output: values masked or dropped by a step
/// no longer match, so what it finds is what would be published.
///
/// The heuristic, conservative on purpose: a value counts when it is a national ID or resident
/// certificate number with a correct check digit, an e-mail address, or a Taiwan mobile or landline
/// number; a name counts only in a column whose header says it holds names (姓名, 聯絡人, 負責人 …,
/// not 名稱) and only when it is two to four Chinese characters starting with a common surname.
/// A column is reported when at least <see cref="Threshold"/> of its non-empty sampled values are of one kind.
public static class PersonalDataScan
{
    public const int DefaultSampleRows = 1000;

    public const double Threshold = 0.5;

    public static IReadOnlyList<PersonalDataFinding> Run(IReadOnlyList<string> header, IEnumerable<TableRow> rows, int sampleRows = DefaultSampleRows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var nameColumns = header.Select(PersonalData.IsNameHeader).ToArray();
        var counts = new int[header.Count, Enum.GetValues<PersonalDataKind>().Length];
        var nonEmpty = new int[header.Count];
        foreach (var row in rows.Take(sampleRows))
        {
            for (var i = 0; i < header.Count && i < row.Cells.Length; i++)
            {
                var value = row.Text(i);
                if (value.IsWhiteSpace())
                {
                    continue;
                }
                nonEmpty[i]++;
                if (PersonalData.Detect(value, nameColumns[i]) is { } kind)
                {
                    counts[i, (int)kind]++;
                }
            }
        }
        var findings = new List<PersonalDataFinding>();
        for (var i = 0; i < header.Count; i++)
        {
            if (nonEmpty[i] == 0)
            {
                continue;
            }
            var best = Enum.GetValues<PersonalDataKind>().MaxBy(k => counts[i, (int)k]);
            var matching = counts[i, (int)best];
            if (matching > 0 && (double)matching / nonEmpty[i] >= Threshold)
            {
                findings.Add(new PersonalDataFinding(header[i], i, best, matching, nonEmpty[i]));
            }
        }
        return findings;
    }
}

/// A column that looks like it holds personal data, and the warning to show.
public sealed record PersonalDataFinding(string Column, int Position, PersonalDataKind Kind, int Matching, int NonEmpty)
{
    /// The share of the sampled non-empty values that are of the kind, 0–1.
    public double Share => NonEmpty == 0 ? 0 : (double)Matching / NonEmpty;

    public string Zh => string.Create(CultureInfo.InvariantCulture,
        $"欄位「{Column}」看似{KindZh}（抽樣 {NonEmpty} 個值中 {Share:P0} 符合），將未經遮蔽公開；請加入 mask-columns 或 drop-columns 步驟");

    public string En => string.Create(CultureInfo.InvariantCulture,
        $"column '{Column}' looks like it holds {KindEn} ({Share:P0} of {NonEmpty} sampled values match) and would be published unmasked; add a mask-columns or drop-columns step");

    private string KindZh => Kind switch
    {
        PersonalDataKind.NationalId => "身分證統一編號",
        PersonalDataKind.ResidentCertificate => "居留證統一證號",
        PersonalDataKind.MobilePhone => "手機號碼",
        PersonalDataKind.LandlinePhone => "市話號碼",
        PersonalDataKind.Email => "電子郵件地址",
        _ => "個人姓名",
    };

    private string KindEn => Kind switch
    {
        PersonalDataKind.NationalId => "national ID numbers",
        PersonalDataKind.ResidentCertificate => "resident certificate numbers",
        PersonalDataKind.MobilePhone => "mobile phone numbers",
        PersonalDataKind.LandlinePhone => "landline phone numbers",
        PersonalDataKind.Email => "e-mail addresses",
        _ => "personal names",
    };
}
