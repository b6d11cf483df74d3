using System.CommandLine;
using System.Globalization;
using Kaifang.Pipelines.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Kaifang.Cli.Pipelines;

/// `kaifang pipeline list` and `kaifang pipeline run ID`: the resources' pipelines, and a run now with
/// a progress display and the run's report, for trying a pipeline out and for cron jobs.
public static class PipelineCommands
{
    public static Command Build(CliContext context, Option<string?> data)
    {
        var list = new Command("list", "List the pipelines with their schedule, next run and last run");
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync(context, parse.GetValue(data), cancellationToken);
            using var scope = host.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<Storage.KaifangDbContext>();
            var table = new Table().AddColumns("id", "dataset", "resource", "source", "schedule", "next run", "last run");
            var pipelines = await db.Pipelines.AsNoTracking().ToListAsync(cancellationToken);
            foreach (var p in pipelines.OrderBy(p => p.CreatedAt))
            {
                var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == p.DatasetId, cancellationToken);
                var resource = await db.Resources.AsNoTracking().FirstOrDefaultAsync(r => r.Id == p.ResourceId, cancellationToken);
                var last = await db.PipelineRuns.AsNoTracking().Where(r => r.PipelineId == p.Id).OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(cancellationToken);
                table.AddRow(p.Id.ToString(), Markup.Escape(dataset?.Name ?? "?"), Markup.Escape(resource?.Name ?? "?"), Kaifang.Pipelines.Runs.Pipelines.KindName(p.SourceKind),
                    Markup.Escape(p.Enabled ? PipelineSchedules.Name(p.ScheduleKind, p.Cron) : "disabled"),
                    p.NextRunAt is { } next ? next.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) : "-",
                    last is null ? "never" : $"{last.StartedAt.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)} {last.Status}");
            }
            context.Console.Write(table);
            if (pipelines.Count == 0)
            {
                context.Console.MarkupLine("No pipelines yet: set one up on a resource's page in /admin, or with PUT /api/v1/datasets/{name}/resources/{id}/pipeline.");
            }
            return 0;
        });

        var id = new Argument<string>("id") { Description = "The pipeline's id (or its first characters), as in `kaifang pipeline list`" };
        var run = new Command("run", "Run a pipeline now, with a progress display, and print its report (the web host must not be running a run of it at the same time)") { id };
        run.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync(context, parse.GetValue(data), cancellationToken);
            var text = parse.GetValue(id)!.Trim().ToLowerInvariant();
            List<Guid> matches;
            using (var scope = host.Services.CreateScope())
            {
                var all = await scope.ServiceProvider.GetRequiredService<Storage.KaifangDbContext>().Pipelines.AsNoTracking().Select(p => p.Id).ToListAsync(cancellationToken);
                matches = [.. all.Where(p => p.ToString().StartsWith(text, StringComparison.Ordinal) || p.ToString("N").StartsWith(text, StringComparison.Ordinal))];
            }
            if (matches.Count != 1 || text.Length == 0)
            {
                if (matches.Count == 0 || text.Length == 0)
                {
                    context.Console.MarkupLineInterpolated($"[red]There is no pipeline '{text}'.[/] `kaifang pipeline list` shows them.");
                }
                else
                {
                    context.Console.MarkupLineInterpolated($"[red]'{text}' names {matches.Count} pipelines;[/] give more of the id.");
                }
                return 1;
            }
            var runner = host.Services.GetRequiredService<PipelineRunner>();
            PipelineRun? result = null;
            try
            {
                await context.Console.Progress()
                    .Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
                    .StartAsync(async progress =>
                    {
                        var task = progress.AddTask("Reading the source");
                        task.IsIndeterminate = true;
                        var reporter = new Progress<PipelineProgress>(p => task.Description = p.Stage switch
                        {
                            "source" => "Reading the source",
                            "rows" => $"Cleaning and validating: {p.Rows:N0} rows",
                            "publish" => $"Publishing {p.Rows:N0} rows",
                            _ => p.Stage,
                        });
                        result = await runner.RunAsync(matches[0], "cli", cancellationToken, reporter);
                        task.Description = "Done";
                        task.StopTask();
                    });
            }
            catch (PipelineAlreadyRunningException)
            {
                context.Console.MarkupLine("[red]The pipeline is running already.[/]");
                return 1;
            }
            Report(context.Console, result!);
            return result!.Status is PipelineRunStatus.Succeeded or PipelineRunStatus.Unchanged ? 0 : 1;
        });
        return new Command("pipeline", "Resources' pipelines: list them, run one now") { list, run };
    }

    /// The run's report as the pipeline page shows it.
    public static void Report(IAnsiConsole console, PipelineRun run)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(run);
        var colour = run.Status switch
        {
            PipelineRunStatus.Succeeded => "green",
            PipelineRunStatus.Unchanged => "blue",
            _ => "red",
        };
        console.MarkupLineInterpolated($"[{colour}]{run.Status}[/]: {run.RowsIn:N0} rows in, {run.RowsOut:N0} out, {run.Warnings:N0} warnings.");
        if (run.RowsAdded is not null)
        {
            console.MarkupLineInterpolated($"Against the live version: {run.RowsAdded:N0} rows added, {run.RowsRemoved:N0} removed, {run.RowsChanged:N0} changed.");
        }
        if (run.Message is not null)
        {
            console.MarkupLineInterpolated($"[{colour}]{run.Message}[/]");
            console.MarkupLineInterpolated($"[{colour}]{run.MessageEn}[/]");
        }
        var report = PipelineRunReport.Parse(run.Report);
        if (report.Validation is { Errors.Count: > 0 } validation)
        {
            var errors = new Table().AddColumns("row", "column", "type", "message");
            foreach (var e in validation.Errors.Take(20))
            {
                errors.AddRow(e.RowNumber?.ToString(CultureInfo.InvariantCulture) ?? "", Markup.Escape(e.FieldName ?? ""), e.Type, Markup.Escape(e.En));
            }
            console.Write(errors);
            if (validation.ErrorCount > 20)
            {
                console.MarkupLineInterpolated($"… {validation.ErrorCount - 20:N0} more.");
            }
        }
        foreach (var issue in report.Issues.Where(i => i.Severity != Kaifang.Pipelines.IssueSeverity.Information).Take(20))
        {
            console.MarkupLineInterpolated($"  [yellow]row {issue.Row}, {issue.Column}[/]: {issue.En}");
        }
        foreach (var warning in report.PersonalData)
        {
            console.MarkupLineInterpolated($"  [yellow]{warning.En}[/]");
        }
        foreach (var error in report.StepErrors)
        {
            console.MarkupLineInterpolated($"  [red]step {error.Step + 1}[/]: {error.En}");
        }
        console.WriteLine();
        console.WriteLine(run.Log);
    }
}
