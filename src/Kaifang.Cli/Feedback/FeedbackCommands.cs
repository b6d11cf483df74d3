using System.CommandLine;
using System.Globalization;
using Kaifang.Feedback;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Kaifang.Cli.Feedback;

/// `kaifang calendar import FILE`, `kaifang feedback import FILE`, `kaifang feedback stats [--period P]`
/// and `kaifang feedback sweep`: the office calendar, the national platform's comments, the S14.5 figures,
/// and reminders and escalations now.
public static class FeedbackCommands
{
    public static Command BuildCalendar(CliContext context, Option<string?> data)
    {
        var file = new Argument<FileInfo>("file") { Description = "The DGPA office calendar CSV (中華民國政府行政機關辦公日曆表; columns 西元日期, 星期, 是否放假, 備註)" };
        var import = new Command("import", "Import the government office calendar for the years the file covers; a file with any bad row changes nothing") { file };
        import.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                context.Console.MarkupLineInterpolated($"[red]There is no file {path.FullName}.[/]");
                return 1;
            }
            using var host = await CliHost.StartAsync(context, parse.GetValue(data), cancellationToken);
            using var scope = host.Services.CreateScope();
            await using var stream = path.OpenRead();
            var result = await scope.ServiceProvider.GetRequiredService<OfficeCalendars>().ImportAsync(stream, "cli", cancellationToken);
            if (!result.Succeeded)
            {
                context.Console.MarkupLine("[red]Nothing was imported:[/]");
                foreach (var field in result.Errors!.Fields)
                {
                    foreach (var message in result.Errors.For(field))
                    {
                        context.Console.MarkupLineInterpolated($"  {message.En}");
                    }
                }
                return 1;
            }
            foreach (var year in result.Value!)
            {
                context.Console.MarkupLineInterpolated($"{year.Year}: [green]{year.Days}[/] days, {year.DaysOff} days off, {year.MakeUpWorkingDays} make-up working days.");
            }
            return 0;
        });
        return new Command("calendar", "The government office calendar used to count deadlines in working days") { import };
    }

    public static Command BuildFeedback(CliContext context, Option<string?> data)
    {
        var file = new Argument<FileInfo>("file") { Description = "Comments exported from data.gov.tw, as CSV or JSON (.json)" };
        var import = new Command("import", "Import comments received on the national platform; those seen before are recognised, replies given there since are added") { file };
        import.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                context.Console.MarkupLineInterpolated($"[red]There is no file {path.FullName}.[/]");
                return 1;
            }
            using var host = await CliHost.StartAsync(context, parse.GetValue(data), cancellationToken);
            using var scope = host.Services.CreateScope();
            var importer = scope.ServiceProvider.GetRequiredService<ImportNationalComments>();
            await using var stream = path.OpenRead();
            try
            {
                var result = path.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase)
                    ? await importer.ImportJsonAsync(stream, cancellationToken)
                    : await importer.ImportCsvAsync(stream, cancellationToken);
                context.Console.MarkupLineInterpolated(
                    $"{result.RowsRead:N0} rows: [green]{result.Created:N0}[/] new, {result.Updated:N0} replies added, {result.Duplicates:N0} seen before, [red]{result.BadRows.Count:N0}[/] not imported.");
                foreach (var bad in result.BadRows)
                {
                    context.Console.MarkupLineInterpolated($"  row {bad.Row}: {bad.Reason}");
                }
                return result.BadRows.Count == 0 ? 0 : 2;
            }
            catch (InvalidDataException e)
            {
                context.Console.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return 1;
            }
        });

        var period = new Option<string?>("--period") { Description = "A year (2026) or a quarter (2026Q3); the current year by default" };
        var stats = new Command("stats", "Replies within the deadline per agency (ACTION-PLAN S14.5) with the average days to reply") { period };
        stats.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync(context, parse.GetValue(data), cancellationToken);
            using var scope = host.Services.CreateScope();
            var text = parse.GetValue(period);
            var chosen = text is null
                ? new FeedbackPeriod(ReplyDeadline.TaipeiDate(scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow()).Year)
                : FeedbackPeriod.Parse(text);
            if (chosen is null)
            {
                context.Console.MarkupLineInterpolated($"[red]'{text}' is not a period; write a year (2026) or a quarter (2026Q3).[/]");
                return 1;
            }
            var figures = await scope.ServiceProvider.GetRequiredService<FeedbackStatistics>().ForPeriodAsync(chosen, cancellationToken);
            var table = new Table().AddColumns("agency", "received", "pending", "counted", "on time", "late", "overdue", "ratio", "avg days");
            foreach (var f in figures)
            {
                table.AddRow(f.Agency.Length == 0 ? "all" : f.Agency, N(f.Received), N(f.Pending), N(f.Counted), N(f.RepliedOnTime), N(f.RepliedLate), N(f.Overdue),
                    f.OnTimePercent is { } p ? $"{p:0.00}%" : "—", f.AverageDaysToReply is { } a ? a.ToString("0.00", CultureInfo.InvariantCulture) : "—");
            }
            context.Console.MarkupLineInterpolated($"{chosen.Label} ({chosen.From:yyyy-MM-dd} to {chosen.To:yyyy-MM-dd})");
            context.Console.Write(table);
            return 0;
        });

        var sweep = new Command("sweep", "Send the reminders and escalations that are due now (the web host does this every few minutes)");
        sweep.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync(context, parse.GetValue(data), cancellationToken);
            using var scope = host.Services.CreateScope();
            var result = await scope.ServiceProvider.GetRequiredService<FeedbackSweep>().RunAsync(cancellationToken);
            context.Console.MarkupLineInterpolated($"{result.Reminded} reminders and {result.Escalated} escalations written to the outbox.");
            return 0;
        });
        return new Command("feedback", "Public comments: import the national platform's, count replies within the deadline, send reminders") { import, stats, sweep };
    }

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
