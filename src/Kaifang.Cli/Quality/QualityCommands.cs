using System.CommandLine;
using Kaifang.Agencies;
using Kaifang.Quality;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Kaifang.Cli.Quality;

/// `kaifang quality links check [--agency CODE] [--dataset NAME-OR-ID]`: checks links now, for cron
/// jobs and for a first look at a new installation (docs/quality.md).
public static class QualityCommands
{
    /// Failing links listed after a run; the rest are in /admin/quality/links.
    public const int ListedFailures = 50;

    public static Command Build(CliContext context, Option<string?> data)
    {
        var agency = new Option<string?>("--agency") { Description = "Check one agency's published datasets (and those of the agencies below it), by code, e.g. BLI" };
        var dataset = new Option<string?>("--dataset") { Description = "Check one dataset's resources, by name or id" };
        var check = new Command("check", "Check resource links now and say how many work, fail or were refused, listing the failing ones (the web host must not be running a check of every link on the same data directory)") { agency, dataset };
        check.SetAction(async (parse, cancellationToken) =>
        {
            var agencyCode = parse.GetValue(agency);
            var datasetKey = parse.GetValue(dataset);
            if (agencyCode is not null && datasetKey is not null)
            {
                context.Console.MarkupLine("[red]Give --agency or --dataset, not both;[/] neither checks every link.");
                return 2;
            }
            using var host = await CliHost.StartAsync(context, parse.GetValue(data), cancellationToken);
            LinkCheckScope scope;
            using (var serviceScope = host.Services.CreateScope())
            {
                var db = serviceScope.ServiceProvider.GetRequiredService<KaifangDbContext>();
                var tree = host.Services.GetRequiredService<AgencyDirectory>().Tree;
                if (agencyCode is not null)
                {
                    var node = tree.FindByCode(agencyCode.Trim());
                    if (node is null)
                    {
                        context.Console.MarkupLineInterpolated($"[red]There is no agency with code '{agencyCode}'.[/] Codes: {string.Join(", ", tree.All.Select(a => a.Code))}.");
                        return 1;
                    }
                    scope = new LinkCheckScope(tree.SelfAndDescendants(node.Id));
                }
                else if (datasetKey is not null)
                {
                    var key = datasetKey.Trim().ToLowerInvariant();
                    var id = Guid.TryParse(key, out var guid)
                        ? await db.Datasets.Where(d => d.Id == guid).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken)
                        : await db.Datasets.Where(d => d.Name == key).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken);
                    if (id is null)
                    {
                        context.Console.MarkupLineInterpolated($"[red]There is no dataset '{datasetKey}'.[/]");
                        return 1;
                    }
                    scope = new LinkCheckScope(DatasetId: id);
                }
                else
                {
                    scope = LinkCheckScope.All;
                }
            }

            var runner = host.Services.GetRequiredService<LinkCheckRunner>();
            var summary = await context.Console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask("Checking links", maxValue: 1);
                    var result = await runner.RunAsync(scope, new Progress<LinkCheckProgress>(p =>
                    {
                        task.MaxValue = Math.Max(p.Total, 1);
                        task.Value = p.Done;
                    }), cancellationToken);
                    task.Value = task.MaxValue;
                    return result;
                });
            context.Console.MarkupLineInterpolated(
                $"Checked {summary.Checked:N0} links in {summary.Elapsed.TotalSeconds:N1} s: [green]{summary.Ok:N0}[/] working, [red]{summary.Failed:N0}[/] failed, [red]{summary.Refused:N0}[/] refused, [red]{summary.Broken:N0}[/] broken by the rule.");
            await ListFailuresAsync(context, host.Services, scope, cancellationToken);
            return 0;
        });
        var links = new Command("links", "Resource links: checked on a schedule by the web host, or now") { check };
        return new Command("quality", "Quality checks of the catalog") { links };
    }

    private static async Task ListFailuresAsync(CliContext context, IServiceProvider services, LinkCheckScope scope, CancellationToken cancellationToken)
    {
        using var serviceScope = services.CreateScope();
        var report = serviceScope.ServiceProvider.GetRequiredService<LinkCheckReport>();
        var (_, rows) = await report.ListAsync(new LinkCheckFilter(scope.Agencies, FailingOnly: true), 0, 10_000, cancellationToken);
        rows = [.. rows.Where(r => (scope.DatasetId is null || r.Check.DatasetId == scope.DatasetId) && (scope.ResourceId is null || r.Check.ResourceId == scope.ResourceId))];
        if (rows.Count == 0)
        {
            return;
        }
        var table = new Table().AddColumns("dataset", "url", "status", "failures in a row", "reason");
        foreach (var row in rows.Take(ListedFailures))
        {
            var c = row.Check;
            table.AddRow(Markup.Escape(row.DatasetName), Markup.Escape(c.Url), c.IsBroken ? "broken" : c.LastStatus.ToString().ToLowerInvariant(),
                c.ConsecutiveFailures.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(c.Error ?? ""));
        }
        context.Console.Write(table);
        if (rows.Count > ListedFailures)
        {
            context.Console.MarkupLineInterpolated($"… and {rows.Count - ListedFailures:N0} more failing links; /admin/quality/links lists them all.");
        }
    }
}
