using System.CommandLine;
using Kaifang.Feedback;
using Kaifang.Inventory;
using Kaifang.Review;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Kaifang.Cli.Inventory;

/// `kaifang inventory remind` and `kaifang inventory meetings [--period P]`: the round reminders now,
/// and the working-group meetings held per agency (ACTION-PLAN S14.1).
public static class InventoryCommands
{
    public static Command Build(CliContext context, Option<string?> data)
    {
        var remind = new Command("remind", "Remind the agencies that have not submitted, when a round's deadline is near (the web host does this every hour)");
        remind.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync(context, parse.GetValue(data), cancellationToken);
            using var scope = host.Services.CreateScope();
            var reminded = await scope.ServiceProvider.GetRequiredService<InventoryReminderSweep>().RunAsync(cancellationToken);
            context.Console.MarkupLineInterpolated($"{reminded} agencies reminded.");
            return 0;
        });

        var period = new Option<string?>("--period") { Description = "A year (2026) or a quarter (2026Q3); this year by default" };
        var meetings = new Command("meetings", "Working-group meetings held per agency in a period (minutes recorded)") { period };
        meetings.SetAction(async (parse, cancellationToken) =>
        {
            var text = parse.GetValue(period);
            using var host = await CliHost.StartAsync(context, parse.GetValue(data), cancellationToken);
            var chosen = text is null ? new FeedbackPeriod(ReplyDeadline.TaipeiDate(host.Services.GetRequiredService<TimeProvider>().GetUtcNow()).Year) : FeedbackPeriod.Parse(text);
            if (chosen is null)
            {
                context.Console.MarkupLineInterpolated($"[red]'{text}' is not a period; write a year (2026) or a quarter (2026Q3).[/]");
                return 1;
            }
            using var scope = host.Services.CreateScope();
            var figures = await scope.ServiceProvider.GetRequiredService<MeetingQueries>().WorkingGroupMeetingsHeldAsync(chosen, cancellationToken);
            var table = new Table().AddColumns("agency", "held", "dates");
            foreach (var f in figures)
            {
                table.AddRow(f.Agency, f.Held.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(", ", f.Dates.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));
            }
            context.Console.MarkupLineInterpolated($"{chosen.Label} ({chosen.From:yyyy-MM-dd} to {chosen.To:yyyy-MM-dd})");
            context.Console.Write(table);
            return 0;
        });
        return new Command("inventory", "The quarterly inventory and its review: send the deadline reminders, count working-group meetings held") { remind, meetings };
    }
}
