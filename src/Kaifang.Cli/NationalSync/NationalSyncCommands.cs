using System.CommandLine;
using Kaifang.Interop.NationalSync;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Kaifang.Cli.NationalSync;

/// `kaifang national sync [--agency CODE]`: runs the queue of publishing to the national platform once,
/// for cron jobs and for trying a new key out, and prints what was sent and what failed.
public static class NationalSyncCommands
{
    public static Command Build(CliContext context, Option<string?> data)
    {
        var agency = new Option<string?>("--agency") { Description = "Only this agency (its code, e.g. BLI); default: every configured agency" };
        var sync = new Command("sync", "Look for changed, new and withdrawn datasets and send what is due to the national platform (data.gov.tw), then print the outcome") { agency };
        sync.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync(context, parse.GetValue(data), cancellationToken);
            var outcomes = await host.Services.GetRequiredService<NationalSyncRunner>().RunAsync(parse.GetValue(agency), ignoreBackoff: false, cancellationToken);
            if (outcomes.Count == 0)
            {
                context.Console.MarkupLine("No agency is configured for the national platform. Set one in /admin/national-sync or under Kaifang:NationalSync:Agencies.");
                return 0;
            }
            var failed = false;
            foreach (var o in outcomes)
            {
                if (o.Skipped is { } why)
                {
                    context.Console.MarkupLineInterpolated($"{o.Agency}: [yellow]skipped[/], {why}.");
                    failed |= outcomes.Count == 1;
                    continue;
                }
                context.Console.MarkupLineInterpolated(
                    $"{o.Agency}: {o.Queued:N0} queued, [green]{o.Created:N0}[/] created, {o.Updated:N0} updated, {o.Removed:N0} removed, {o.Retrying:N0} to retry, [red]{o.Failed:N0}[/] failed.");
                foreach (var item in o.Items.Where(i => !i.Succeeded))
                {
                    var next = item.NextAttemptAt is { } at ? $" (next attempt {at:yyyy-MM-dd HH:mm}Z)" : " (failed; retry it in /admin/national-sync)";
                    context.Console.MarkupLineInterpolated($"  {item.Identifier} {item.Operation.ToString().ToLowerInvariant()}: {item.Error}{next}");
                }
                failed |= o.Failed > 0;
            }
            return failed ? 1 : 0;
        });
        return new Command("national", "The national open-data platform (data.gov.tw): publish the catalog there") { sync };
    }
}
