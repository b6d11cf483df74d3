using System.Text.Json.Serialization;

namespace Kaifang.Pipelines;

[JsonConverter(typeof(JsonStringEnumConverter<IssueSeverity>))]
public enum IssueSeverity
{
    /// Worth knowing (e.g. the encoding a file was read in).
    Information = 0,

    /// The data may be wrong or unsafe to publish, but the step went on (e.g. an invalid date left as it was).
    Warning = 1,

    /// The step could not do what it was set to do.
    Error = 2,
}

/// Something a step noticed in a cell or a row, said in Traditional Chinese and English.
/// Row is the row's number in the source (header = row 1); Column the column's name at that step.
public sealed record PipelineIssue(
    int Step,
    string Kind,
    string Code,
    IssueSeverity Severity,
    long? Row,
    string? Column,
    string? Value,
    string Zh,
    string En);

/// What the steps noticed while rows went through them. Only the first <see cref="MaxKept"/> issues
/// are kept, so that a million bad dates do not fill memory; every issue is still counted.
public sealed class PipelineLog(int maxKept = 1000)
{
    private readonly List<PipelineIssue> _issues = [];
    private readonly Dictionary<(int Step, string Code), long> _counts = [];

    public int MaxKept { get; } = maxKept;

    public IReadOnlyList<PipelineIssue> Issues => _issues;

    /// Every issue seen, kept or not.
    public long Count { get; private set; }

    /// How many issues of each code each step reported.
    public IReadOnlyDictionary<(int Step, string Code), long> Counts => _counts;

    public void Add(PipelineIssue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        Count++;
        var key = (issue.Step, issue.Code);
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
        if (_issues.Count < MaxKept)
        {
            _issues.Add(issue);
        }
    }
}
