using System.CommandLine;
using Kaifang.Interop.NationalPlatform;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Kaifang.Cli.Import;

/// `kaifang import national FILE`: loads data.gov.tw's export-all-datasets CSV.
public static class ImportCommands
{
    private const int BadRowsShown = 50;

    public static Command Build(CliContext context, Option<string?> data)
    {
        var file = new Argument<FileInfo>("file") { Description = "The national platform's export CSV (UTF-8 with BOM), or the same list as JSON (*.json)" };
        var national = new Command("national", "Import data.gov.tw's export-all-datasets CSV or JSON list: new datasets are created, known identifiers updated") { file };
        national.SetAction((parse, cancellationToken) => ImportNationalAsync(context, parse.GetValue(data), parse.GetRequiredValue(file), cancellationToken));
        return new Command("import", "Import catalogs from elsewhere") { national };
    }

    private static async Task<int> ImportNationalAsync(CliContext context, string? dataDirectory, FileInfo file, CancellationToken cancellationToken)
    {
        var console = context.Console;
        if (!file.Exists)
        {
            console.MarkupLineInterpolated($"[red]No such file: {file.FullName}[/]");
            return 1;
        }
        using var host = await CliHost.StartAsync(context, dataDirectory, cancellationToken);
        using var scope = host.Services.CreateScope();
        var import = scope.ServiceProvider.GetRequiredService<ImportNationalCatalog>();

        NationalImportResult result;
        try
        {
            result = await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask($"Importing {Markup.Escape(file.Name)}", maxValue: 100);
                    await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
                    var reported = new ProgressTaskReporter(task);
                    var outcome = file.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase)
                        ? await import.ImportJsonAsync(stream, reported, cancellationToken)
                        : await import.ImportAsync(stream, reported, cancellationToken);
                    task.Value = 100;
                    return outcome;
                });
        }
        catch (InvalidDataException e)
        {
            console.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return 1;
        }

        var summary = new Table().AddColumns("Rows read", "Created", "Updated", "Bad rows", "Resources", "New agencies", "Time");
        summary.AddRow(
            $"{result.RowsRead:N0}", $"{result.Created:N0}", $"{result.Updated:N0}", $"{result.BadRows.Count:N0}",
            $"{result.Resources:N0}", $"{result.AgenciesCreated:N0}", $"{result.Elapsed.TotalSeconds:N1} s");
        console.Write(summary);
        if (result.BadRows.Count > 0)
        {
            console.MarkupLine("[yellow]Rows not imported (the header is row 1):[/]");
            foreach (var bad in result.BadRows.Take(BadRowsShown))
            {
                console.MarkupLineInterpolated($"  row {bad.Row}: {bad.Reason}");
            }
            if (result.BadRows.Count > BadRowsShown)
            {
                console.MarkupLineInterpolated($"  … and {result.BadRows.Count - BadRowsShown:N0} more");
            }
        }
        // The importer leaves the search index alone: one rebuild after the whole file is far
        // cheaper than tens of thousands of single updates.
        await Search.IndexCommands.RebuildAsync(context, host.Services, cancellationToken);
        return 0;
    }

    /// Moves the bar by the share of the file read so far.
    private sealed class ProgressTaskReporter(ProgressTask task) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            if (value.Fraction is { } fraction)
            {
                task.Value = fraction * 100;
            }
            task.Description = $"Imported {value.Created + value.Updated:N0} rows";
        }
    }
}
