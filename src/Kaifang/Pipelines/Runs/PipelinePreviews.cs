using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Kaifang.Pipelines.Runs;

/// A preview: the first rows after each step, or why the source or the steps could not be read.
/// StepNumbers: for each step of the preview, its position among the pipeline's steps, or null for the
/// decode step Kaifang puts first to read the source (when the steps have none, or the source is one
/// Kaifang writes as CSV itself).
public sealed record PipelinePreviewResult(string? Source, PipelinePreview? Preview, string? Failure, string? Zh, string? En, IReadOnlyList<int?>? StepNumbers = null);

/// Reads the source as a run would and shows what each step does to its first rows; nothing is published.
public sealed class PipelinePreviews(PipelineSourceReader reader, IOptions<KaifangOptions> kaifang)
{
    public async Task<PipelinePreviewResult> PreviewAsync(PipelineSourceKind kind, PipelineSource source, string stepsJson, int agencyId, string? declaredEncoding, int rows, CancellationToken cancellationToken)
    {
        var work = Path.Combine(kaifang.Value.FullDataDirectory, "tmp", "previews", Guid.NewGuid().ToString("N"));
        try
        {
            IReadOnlyList<PipelineStep> steps;
            try
            {
                steps = PipelineSteps.Deserialize(string.IsNullOrWhiteSpace(stepsJson) ? "[]" : stepsJson);
            }
            catch (JsonException e)
            {
                return new PipelinePreviewResult(null, null, FailureCodes.StepSettings, $"步驟的 JSON 有誤：{e.Message}", $"The steps' JSON is wrong: {e.Message}");
            }
            var file = await reader.ReadAsync(kind, source, agencyId, work, cancellationToken);
            var reading = PipelineRunner.ReadingSteps(steps, file);
            var table = await PipelineRunner.OpenAsync(file, reading, declaredEncoding, cancellationToken);
            // The decode step Kaifang puts first (when the steps have none) is shown as a step of its own.
            var preview = PipelineSteps.Preview(table, reading, Math.Clamp(rows, 1, 200));
            var numbers = reading.Select(r => steps.Select((s, i) => (s, i)).Where(p => ReferenceEquals(p.s, r)).Select(p => (int?)p.i).FirstOrDefault()).ToList();
            return new PipelinePreviewResult(file.Description, preview, null, null, null, numbers);
        }
        catch (PipelineFailureException e)
        {
            return new PipelinePreviewResult(null, null, e.Code, e.Zh, e.En);
        }
        finally
        {
            try
            {
                if (Directory.Exists(work))
                {
                    Directory.Delete(work, recursive: true);
                }
            }
            catch (IOException)
            {
                // Left for the next clean-up.
            }
        }
    }
}
