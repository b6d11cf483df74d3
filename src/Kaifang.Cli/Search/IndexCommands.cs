using System.CommandLine;
using System.Diagnostics;
using Kaifang.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Kaifang.Cli.Search;

/// `kaifang index rebuild`: rebuilds this node's search index from the database.
public static class IndexCommands
{
    public static Command Build(CliContext context, Option<string?> data)
    {
        var rebuild = new Command("rebuild", "Rebuild the search index from the database (the web host must not be running on the same data directory)");
        rebuild.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync(context, parse.GetValue(data), cancellationToken);
            await RebuildAsync(context, host.Services, cancellationToken);
            return 0;
        });
        return new Command("index", "The search index") { rebuild };
    }

    /// Rebuilds with a progress bar; also called after an import.
    public static async Task RebuildAsync(CliContext context, IServiceProvider services, CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        var total = await scope.ServiceProvider.GetRequiredService<Storage.KaifangDbContext>().Datasets.CountAsync(cancellationToken);
        var indexer = scope.ServiceProvider.GetRequiredService<CatalogIndexer>();
        var clock = Stopwatch.StartNew();
        var indexed = await context.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Indexing datasets", maxValue: Math.Max(total, 1));
                var count = await indexer.RebuildAsync(new Progress<int>(n => task.Value = n), cancellationToken);
                task.Value = task.MaxValue;
                return count;
            });
        context.Console.MarkupLineInterpolated($"Indexed [green]{indexed:N0}[/] datasets in {clock.Elapsed.TotalSeconds:N1} s.");
    }
}
