using System.Text.Json;

namespace Kaifang.Pipelines.Runs;

/// What a run found, kept with it as JSON: why it failed, the source read, the validation report with
/// Frictionless error types, what the steps noticed in cells, personal data left unmasked, the outputs.
public sealed record PipelineRunReport
{
    /// Why the run failed (<see cref="FailureCodes"/>), or null.
    public string? Failure { get; init; }
    public string? Source { get; init; }
    public IReadOnlyList<string> Columns { get; init; } = [];
    public IReadOnlyList<StepSettingsError> StepErrors { get; init; } = [];
    public ValidationReport? Validation { get; init; }

    /// The first issues the steps noticed (invalid dates, numbers, unmapped codes …) and all their counts.
    public IReadOnlyList<PipelineIssue> Issues { get; init; } = [];
    public IReadOnlyDictionary<string, long> IssueCounts { get; init; } = new Dictionary<string, long>();
    public IReadOnlyList<PersonalDataWarning> PersonalData { get; init; } = [];
    public IReadOnlyList<PipelineOutputReport> Outputs { get; init; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, PipelineSteps.Json);

    public static PipelineRunReport Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new PipelineRunReport();
        }
        try
        {
            return JsonSerializer.Deserialize<PipelineRunReport>(json, PipelineSteps.Json) ?? new PipelineRunReport();
        }
        catch (JsonException)
        {
            return new PipelineRunReport();
        }
    }
}

public sealed record PersonalDataWarning(string Column, string Kind, double Share, string Zh, string En);

public sealed record PipelineOutputReport(string Format, Guid ResourceId, string ContentHash, long Size);
