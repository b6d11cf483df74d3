using System.CommandLine;
using Kaifang.Cli.Backup;
using Kaifang.Cli.Datastore;
using Kaifang.Cli.Export;
using Kaifang.Cli.Feedback;
using Kaifang.Cli.Harvesting;
using Kaifang.Cli.Import;
using Kaifang.Cli.Quality;
using Kaifang.Cli.Inventory;
using Kaifang.Cli.NationalSync;
using Kaifang.Cli.Search;
using Kaifang.Cli.Seeding;
using Kaifang.Cli.Users;

namespace Kaifang.Cli;

/// The command tree: `kaifang [--data DIR] <command>`. Each feature adds its commands from its own folder.
public static class KaifangCommands
{
    public static RootCommand Build(CliContext context)
    {
        var data = new Option<string?>("--data")
        {
            Description = "Data directory (database, files, index). Default: Kaifang__DataDirectory, appsettings.json, or ./data",
            Recursive = true,
        };
        var root = new RootCommand("Kaifang (開放): the open-government-data platform's command line")
        {
            data,
            ImportCommands.Build(context, data),
            ExportCommands.Build(context, data),
            UserCommands.Build(context, data),
            SeedCommands.Build(context, data),
            IndexCommands.Build(context, data),
            HarvestCommands.Build(context, data),
            DatastoreCommands.Build(context, data),
            FeedbackCommands.BuildCalendar(context, data),
            FeedbackCommands.BuildFeedback(context, data),
            QualityCommands.Build(context, data),
            InventoryCommands.Build(context, data),
            NationalSyncCommands.Build(context, data),
            Pipelines.PipelineCommands.Build(context, data),
            BackupCommands.BuildBackup(context, data),
            BackupCommands.BuildRestore(context, data),
        };
        return root;
    }
}
