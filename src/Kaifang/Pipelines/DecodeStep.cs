using System.Text.Json.Serialization;
using System.Text;
using Kaifang.Storage;

namespace Kaifang.Pipelines;

/// How the file's bytes become a table: its format and text encoding. It comes first in a pipeline and
/// is used by <see cref="TableReader"/>; on a table already read it reports the encoding found and the
/// rows holding bytes that were not valid in it (shown as �).
/// Settings: <c>format</c> (csv, tsv, json, xlsx, xls, ods; default csv); <c>encoding</c>: "auto" (the
/// default: a byte order mark, else UTF-8 when the bytes are valid UTF-8, UTF-16 when they look like it,
/// else Big5), or one of utf-8, big5, utf-16le, utf-16be; <c>delimiter</c> for csv (guessed when left out).
public sealed record DecodeStep : PipelineStep
{
    public const string KindName = "decode";

    public static readonly IReadOnlyList<string> Encodings = ["auto", "utf-8", "big5", "utf-16le", "utf-16be"];

    [JsonIgnore]
    public override string Kind => KindName;

    public string Format { get; init; } = "csv";

    public string Encoding { get; init; } = "auto";

    public string? Delimiter { get; init; }

    public override IEnumerable<StepSettingsError> Check(IReadOnlyList<string> columns)
    {
        if (!TableReader.Formats.Contains(Format, StringComparer.OrdinalIgnoreCase))
        {
            yield return Problem("format", $"不支援的格式「{Format}」；可用 {string.Join("、", TableReader.Formats)}", $"format '{Format}' is not read; use one of {string.Join(", ", TableReader.Formats)}");
        }
        if (Normalized is not ("AUTO" or "") && ForcedEncoding() is null)
        {
            yield return Problem("encoding", $"不認得的編碼「{Encoding}」；可用 {string.Join("、", Encodings)}", $"encoding '{Encoding}' is not known; use one of {string.Join(", ", Encodings)}");
        }
        if (Delimiter is not null && Delimiter.Length != 1)
        {
            yield return Problem("delimiter", $"分隔字元須為單一字元，不是「{Delimiter}」", $"'delimiter' must be one character, not '{Delimiter}'");
        }
    }

    public override Table Apply(Table table, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(context);
        if (table.EncodingName is { } name)
        {
            context.Report(Kind, "encoding", IssueSeverity.Information, null, null, name, $"檔案以 {name} 編碼讀取", $"the file was read as {name}");
        }
        return table.With(rows: Rows(table.Rows, table.Header, context));
    }

    /// The encoding asked for; null for "auto", or an unknown name (which <see cref="Check"/> reports).
    internal Encoding? ForcedEncoding() => Normalized switch
    {
        "UTF-8" or "UTF8" or "UTF-8-BOM" => new UTF8Encoding(false),
        "BIG5" or "CP950" or "BIG-5" => TextDecoding.Big5,
        "UTF-16LE" or "UTF-16" or "UNICODE" => System.Text.Encoding.Unicode,
        "UTF-16BE" => System.Text.Encoding.BigEndianUnicode,
        _ => null,
    };

    private string Normalized => (Encoding ?? "").Trim().ToUpperInvariant().Replace('_', '-');

    private IEnumerable<TableRow> Rows(IEnumerable<TableRow> rows, IReadOnlyList<string> header, StepContext context)
    {
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Cells.Length; i++)
            {
                if (row.Text(i).Contains('\uFFFD'))
                {
                    var column = i < header.Count ? header[i] : $"#{i + 1}";
                    context.Report(Kind, "undecodable", IssueSeverity.Warning, row.Number, column, row[i],
                        $"第 {row.Number} 列「{column}」有無法以此編碼解讀的位元組（顯示為 �）；請確認檔案編碼",
                        $"row {row.Number}, column '{column}' holds bytes that are not valid in the file's encoding (shown as �); check the encoding");
                    break;
                }
            }
            yield return row;
        }
    }
}
