using System.CommandLine;
using Kaifang.Seeding;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Kaifang.Cli.Seeding;

/// `kaifang seed demo`: adds the demo catalog to a database that does not have it yet.
public static class SeedCommands
{
    public static Command Build(CliContext context, Option<string?> data)
    {
        var demo = new Command("demo", "Add the demo catalog (about 300 sample datasets with files) unless it is already there");
        demo.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync(context, parse.GetValue(data), cancellationToken);
            using var scope = host.Services.CreateScope();
            var added = await scope.ServiceProvider.GetRequiredService<DemoCatalog>().SeedAsync(cancellationToken);
            context.Console.MarkupLine(added > 0
                ? $"Added {added:N0} sample datasets."
                : "The demo catalog is already there; nothing added.");
            return 0;
        });
        return new Command("seed", "Seed data") { demo };
    }
}
