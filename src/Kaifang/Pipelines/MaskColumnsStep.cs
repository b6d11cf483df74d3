using System.Text.Json.Serialization;

namespace Kaifang.Pipelines;

/// Masks personal data in the chosen columns, e.g.
/// <c>{"kind":"mask-columns","columns":[{"name":"身分證字號","as":"national-id"},{"name":"姓名","as":"name"}]}</c>.
/// Masks: national-id and resident-certificate A12****789; phone ****-***-678 (only the last three
/// digits kept); email a***@example.com; name 王○明; text (anything else) 1*****9. "auto" (the default)
/// recognises each value's kind (see <see cref="PersonalData.Detect"/>) and masks other values as text.
/// Empty cells stay empty. To leave a column out altogether, use drop-columns.
public sealed record MaskColumnsStep : PipelineStep
{
    public const string KindName = "mask-columns";

    [JsonIgnore]
    public override string Kind => KindName;

    public IReadOnlyList<MaskedColumn>? Columns { get; init; }

    public override IEnumerable<StepSettingsError> Check(IReadOnlyList<string> columns) =>
        NoColumns("columns", Columns?.Select(c => c.Name).ToList()).Concat(MissingColumns("columns", Columns?.Select(c => c.Name), columns));

    public override Table Apply(Table table, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(table);
        var masks = (Columns ?? [])
            .Select(c => (Position: table.IndexOf(c.Name), c.As, Names: PersonalData.IsNameHeader(c.Name)))
            .Where(c => c.Position >= 0)
            .ToArray();
        return table.With(rows: Rows(table.Rows, masks));
    }

    private static IEnumerable<TableRow> Rows(IEnumerable<TableRow> rows, (int Position, MaskAs As, bool Names)[] masks)
    {
        // Each mask is written here, then copied into the row: no string per cell.
        var written = new char[64];
        foreach (var row in rows)
        {
            foreach (var (i, mask, names) in masks)
            {
                if (i < row.Width && row.Cells[i].Length > 0)
                {
                    var value = row.Text(i);
                    if (written.Length < PersonalData.MaskLength(value))
                    {
                        written = new char[PersonalData.MaskLength(value)];
                    }
                    row.Set(i, written.AsSpan(0, Mask(value, mask, names, written)));
                }
            }
            yield return row;
        }
    }

    private static int Mask(ReadOnlySpan<char> value, MaskAs mask, bool nameColumn, Span<char> written) => mask switch
    {
        MaskAs.NationalId or MaskAs.ResidentCertificate => PersonalData.WriteIdMask(value, written),
        MaskAs.Phone => PersonalData.WritePhoneMask(value, written),
        MaskAs.Email => PersonalData.WriteEmailMask(value, written),
        MaskAs.Name => PersonalData.WriteNameMask(value, written),
        MaskAs.Text => PersonalData.WriteTextMask(value, written),
        _ => PersonalData.Detect(value, nameColumn) is { } kind ? PersonalData.WriteMask(value, kind, written) : PersonalData.WriteTextMask(value, written),
    };
}

/// A column to mask, and how.
public sealed record MaskedColumn(string Name, MaskAs As = MaskAs.Auto);

[JsonConverter(typeof(JsonStringEnumConverter<MaskAs>))]
public enum MaskAs
{
    [JsonStringEnumMemberName("auto")]
    Auto = 0,

    [JsonStringEnumMemberName("national-id")]
    NationalId = 1,

    [JsonStringEnumMemberName("resident-certificate")]
    ResidentCertificate = 2,

    [JsonStringEnumMemberName("phone")]
    Phone = 3,

    [JsonStringEnumMemberName("email")]
    Email = 4,

    [JsonStringEnumMemberName("name")]
    Name = 5,

    [JsonStringEnumMemberName("text")]
    Text = 6,
}
