using System.CommandLine;
using System.Diagnostics;
using Kaifang.Datastore;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Kaifang.Cli.Datastore;

/// `kaifang datastore load [--dataset NAME]`: brings DataStore tables up to date now, without the web host's background worker.
public static class DatastoreCommands
{
    public static Command Build(CliContext context, Option<string?> data)
    {
        var dataset = new Option<string?>("--dataset") { Description = "Only this dataset (its URL name); it is reloaded from its current files" };
        var load = new Command("load", "Load published datasets' uploaded tables (CSV, TSV, JSON, XLS, XLSX, ODS) into the DataStore: those missing or loaded from an older file, or the one given") { dataset };
        load.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync(context, parse.GetValue(data), cancellationToken);
            return await LoadAsync(context, host.Services, parse.GetValue(dataset), cancellationToken);
        });
        return new Command("datastore", "The DataStore: tables of published resources, queried by datastore_search") { load };
    }

    private static async Task<int> LoadAsync(CliContext context, IServiceProvider services, string? datasetName, CancellationToken cancellationToken)
    {
        var console = context.Console;
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
        var sync = scope.ServiceProvider.GetRequiredService<DatastoreSync>();
        IReadOnlyList<Guid> datasets;
        if (datasetName is not null)
        {
            var name = datasetName.Trim().ToLowerInvariant();
            var id = await db.Datasets.Where(d => d.Name == name).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken);
            if (id is null)
            {
                console.MarkupLineInterpolated($"[red]No dataset named {datasetName}.[/]");
                return 1;
            }
            datasets = [id.Value];
        }
        else
        {
            datasets = await sync.OutOfDateAsync(cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        long rows = 0;
        var loaded = 0;
        var drafts = 0;
        var dropped = 0;
        var failed = new List<(Guid, string)>();
        foreach (var id in datasets)
        {
            // A named dataset is loaded again even from the same files; the others only when out of date.
            var result = await sync.SyncAsync(id, cancellationToken, reload: datasetName is not null);
            foreach (var table in result.Loaded)
            {
                console.MarkupLineInterpolated($"Loaded {table.Rows:N0} rows of {table.ResourceId} in {table.Elapsed.TotalSeconds:N1} s, its full-text index in {table.FullTextElapsed.TotalSeconds:N1} s");
            }
            rows += result.Loaded.Sum(l => l.Rows);
            loaded += result.Loaded.Count;
            drafts += result.DraftsLoaded.Count;
            dropped += result.Dropped.Count;
            failed.AddRange(result.Failed);
        }
        foreach (var (resource, reason) in failed)
        {
            console.MarkupLineInterpolated($"[red]Not loaded: {resource}: {reason}[/]");
        }
        console.MarkupLineInterpolated($"DataStore: [green]{loaded:N0}[/] tables ({rows:N0} rows) loaded, {drafts:N0} drafts' tables loaded for preview, {dropped:N0} dropped, {failed.Count:N0} failed, from {datasets.Count:N0} datasets in {clock.Elapsed.TotalSeconds:N1} s.");
        return failed.Count == 0 ? 0 : 1;
    }
}
