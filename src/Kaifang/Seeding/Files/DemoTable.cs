namespace Kaifang.Seeding.Files;

/// A small table the demo catalog writes out as CSV, JSON, XLSX and PDF; the columns' meanings
/// become the dataset's 主要欄位說明, so metadata and files cannot drift apart.
public sealed record DemoTable(IReadOnlyList<DemoColumn> Columns, IReadOnlyList<string[]> Rows)
{
    /// 主要欄位說明 in the national platform's usual form: 欄位(說明)、欄位(說明).
    public string MainFieldsDescription => string.Join("、", Columns.Select(c => $"{c.Name}({c.Meaning})"));
}

/// A column: its header, what it means, and whether JSON and XLSX should write it as a number.
public sealed record DemoColumn(string Name, string Meaning, bool Numeric = false);
