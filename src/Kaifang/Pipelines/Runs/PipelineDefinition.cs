using System.Text.Json;
using Kaifang.Catalog;
using Quartz;

namespace Kaifang.Pipelines.Runs;

/// A pipeline's stored settings read back: the source, the steps, the schema.
public sealed record PipelineDefinition(PipelineSource Source, IReadOnlyList<PipelineStep> Steps, TableSchema? Schema)
{
    /// Settings saved once were valid; a failure here means they were changed behind Kaifang's back.
    public static PipelineDefinition Read(Pipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        IReadOnlyList<PipelineStep> steps;
        PipelineSource source;
        try
        {
            source = PipelineSource.Parse(pipeline.Source);
            steps = PipelineSteps.Deserialize(pipeline.Steps);
        }
        catch (JsonException e)
        {
            throw new PipelineFailureException(FailureCodes.StepSettings, $"步驟的 JSON 有誤：{e.Message}", $"The steps' JSON is wrong: {e.Message}", e);
        }
        TableSchema? schema = null;
        if (!string.IsNullOrWhiteSpace(pipeline.Schema))
        {
            try
            {
                schema = TableSchema.Parse(pipeline.Schema);
            }
            catch (TableSchemaException e)
            {
                throw new PipelineFailureException(FailureCodes.SchemaUnusable, $"資料結構描述無法使用：{e.Zh}", $"The Table Schema cannot be used: {e.Message}", e);
            }
        }
        return new PipelineDefinition(source, steps, schema);
    }
}

/// When a pipeline runs: as its dataset's update frequency implies, on a cron expression, or on demand.
/// Times are Taiwan's; a frequency's runs start at <see cref="PipelineOptions.FrequencyHour"/>.
public static class PipelineSchedules
{
    public static readonly TimeZoneInfo Taipei = Interop.Harvesting.HarvestSchedule.Taipei;

    /// The cron expression the update frequency implies, or null when it implies none (不定期更新).
    /// 每日 → every day; 每週 → Mondays; 每月 → the 1st; 每季 (每3月) → 1 Jan, Apr, Jul, Oct; 每半年 (每6月) →
    /// 1 Jan and Jul; 每年 → 1 Jan; 即時 → every 15 minutes.
    public static string? CronOf(UpdateFrequency frequency, int hour)
    {
        if (frequency.Kind == UpdateFrequencyKind.RealTime)
        {
            return "0 0/15 * * * ?";
        }
        if (frequency.Kind != UpdateFrequencyKind.Periodic)
        {
            return null;
        }
        var n = frequency.Interval;
        return frequency.Unit switch
        {
            FrequencyUnit.Minute => $"0 0/{Math.Clamp(n, 1, 59)} * * * ?",
            FrequencyUnit.Hour => $"0 0 0/{Math.Clamp(n, 1, 23)} * * ?",
            FrequencyUnit.Day => n == 1 ? $"0 0 {hour} * * ?" : $"0 0 {hour} 1/{Math.Min(n, 31)} * ?",
            FrequencyUnit.Week => $"0 0 {hour} ? * MON",
            FrequencyUnit.Month => n == 1 ? $"0 0 {hour} 1 * ?" : $"0 0 {hour} 1 1/{Math.Min(n, 12)} ?",
            FrequencyUnit.Quarter => $"0 0 {hour} 1 1/{Math.Min(3 * n, 12)} ?",
            FrequencyUnit.Year => n == 1 ? $"0 0 {hour} 1 1 ?" : $"0 0 {hour} 1 1 ? 2025/{n}",
            _ => null,
        };
    }

    /// The pipeline's cron expression, or null for on demand only.
    public static string? CronOf(Pipeline pipeline, UpdateFrequency frequency, int hour)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return pipeline.ScheduleKind switch
        {
            PipelineScheduleKind.Cron => pipeline.Cron,
            PipelineScheduleKind.Frequency => CronOf(frequency, hour),
            _ => null,
        };
    }

    /// The next scheduled time after the moment, or null when the pipeline is not scheduled.
    public static DateTimeOffset? Next(Pipeline pipeline, UpdateFrequency frequency, int hour, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        if (!pipeline.Enabled || CronOf(pipeline, frequency, hour) is not { } cron || !CronExpression.TryParse(cron, out _))
        {
            return null;
        }
        return new CronExpression(cron, Taipei).GetNextValidTimeAfter(after);
    }

    /// How the schedule reads for people.
    public static string Describe(Pipeline pipeline, UpdateFrequency frequency, bool english)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return pipeline.ScheduleKind switch
        {
            PipelineScheduleKind.Cron => english ? $"cron {pipeline.Cron} (Taiwan time)" : $"cron {pipeline.Cron}（臺灣時間）",
            PipelineScheduleKind.Frequency => english ? $"as the update frequency: {frequency.ToEnglish()}" : $"依更新頻率：{frequency}",
            _ => english ? "on demand only" : "僅手動執行",
        };
    }

    public static string Name(PipelineScheduleKind kind, string? cron) => kind switch
    {
        PipelineScheduleKind.Cron => cron ?? "",
        PipelineScheduleKind.Frequency => "frequency",
        _ => "manual",
    };
}
