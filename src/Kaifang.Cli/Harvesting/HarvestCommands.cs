using System.CommandLine;
using Kaifang.Interop.Harvesting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Kaifang.Cli.Harvesting;

/// `kaifang harvest list` and `kaifang harvest run NAME [--full]`: the harvest sources, and a run now,
/// for cron jobs and for trying a new source out.
public static class HarvestCommands
{
    public static Command Build(CliContext context, Option<string?> data)
    {
        var list = new Command("list", "List the harvest sources with their last run");
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync(context, parse.GetValue(data), cancellationToken);
            using var scope = host.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<Storage.KaifangDbContext>();
            var table = new Table().AddColumns("name", "kind", "url", "schedule", "datasets", "last run");
            foreach (var source in await db.HarvestSources.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken))
            {
                var last = await db.HarvestRuns.AsNoTracking().Where(r => r.SourceId == source.Id).OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(cancellationToken);
                var count = await db.Datasets.CountAsync(d => d.HarvestSourceId == source.Id, cancellationToken);
                table.AddRow(Markup.Escape(source.Name), HarvestSources.KindName(source.Kind), Markup.Escape(source.Url),
                    source.Schedule.Length == 0 ? "on demand" : Markup.Escape(source.Schedule), count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                    last is null ? "never" : $"{last.StartedAt:yyyy-MM-dd HH:mm}Z {last.Status}");
            }
            context.Console.Write(table);
            return 0;
        });

        var name = new Argument<string>("name") { Description = "The source's name, as in `kaifang harvest list`" };
        var full = new Option<bool>("--full") { Description = "Gather every record, not only what changed since the last run" };
        var run = new Command("run", "Run a harvest source now and report what it created, updated and withdrew, and every error (the web host must not be running on the same data directory; there, use Run now in /admin/harvest)") { name, full };
        run.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync(context, parse.GetValue(data), cancellationToken);
            var sourceName = parse.GetValue(name)!;
            Guid? id;
            using (var scope = host.Services.CreateScope())
            {
                id = (await scope.ServiceProvider.GetRequiredService<HarvestSources>().FindAsync(sourceName, cancellationToken))?.Id;
            }
            if (id is null)
            {
                context.Console.MarkupLineInterpolated($"[red]There is no harvest source '{sourceName}'.[/] `kaifang harvest list` shows them.");
                return 1;
            }
            var result = await host.Services.GetRequiredService<HarvestRunner>().RunAsync(id.Value, parse.GetValue(full), cancellationToken);
            context.Console.MarkupLineInterpolated(
                $"{result.Status}: [green]{result.Created:N0}[/] created, {result.Updated:N0} updated, {result.Withdrawn:N0} withdrawn, {result.Unchanged:N0} unchanged, [red]{result.Errors.Count:N0}[/] errors.");
            if (result.Message is not null)
            {
                context.Console.MarkupLineInterpolated($"[red]{result.Message}[/]");
            }
            foreach (var error in result.Errors)
            {
                context.Console.MarkupLineInterpolated($"  {error.Record}: {error.Message}");
            }
            return result.Status == HarvestRunStatus.Failed ? 1 : 0;
        });
        return new Command("harvest", "Harvest sources: other CKAN sites, DCAT catalogs, the national platform's list") { list, run };
    }
}
