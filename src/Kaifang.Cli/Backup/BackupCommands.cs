using System.CommandLine;
using System.Diagnostics;
using Kaifang.Cli.Search;
using Kaifang.Storage.Backup;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Kaifang.Cli.Backup;

/// `kaifang backup --output FILE.zip` and `kaifang restore FILE.zip`: a whole instance into one file and back, onto
/// SQLite or PostgreSQL, which is also how an instance moves from one to the other (docs/operations.md).
public static class BackupCommands
{
    public static Command BuildBackup(CliContext context, Option<string?> data)
    {
        var output = new Option<FileInfo>("--output") { Description = "The zip file to write; it holds secrets (the keys), so keep it safe", Required = true };
        var backup = new Command("backup", "Write the whole instance (every table, the uploaded files, the keys) into one zip file that restores onto SQLite or PostgreSQL")
        {
            output,
        };
        backup.SetAction((parse, cancellationToken) => BackupAsync(context, parse.GetValue(data), parse.GetRequiredValue(output), cancellationToken));
        return backup;
    }

    public static Command BuildRestore(CliContext context, Option<string?> data)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A zip file that `kaifang backup` wrote" };
        var restore = new Command("restore", "Restore a backup into an empty database (SQLite or PostgreSQL, as configured), then rebuild the search index")
        {
            file,
        };
        restore.SetAction((parse, cancellationToken) => RestoreAsync(context, parse.GetValue(data), parse.GetRequiredValue(file), cancellationToken));
        return restore;
    }

    private static async Task<int> BackupAsync(CliContext context, string? dataDirectory, FileInfo file, CancellationToken cancellationToken)
    {
        var console = context.Console;
        if (file.Directory is { Exists: false } directory)
        {
            console.MarkupLineInterpolated($"[red]No such directory: {directory.FullName}[/]");
            return 1;
        }
        using var host = CliHost.Build(context, dataDirectory);
        using var scope = host.Services.CreateScope();
        var write = ActivatorUtilities.CreateInstance<WriteBackup>(scope.ServiceProvider);
        var clock = Stopwatch.StartNew();
        // Written beside the target and moved into place, so a failed backup never leaves a file that looks whole.
        var partial = file.FullName + ".partial";
        BackupManifest manifest;
        try
        {
            await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                if (!OperatingSystem.IsWindows())
                {
                    // The keys are in it: readable by the owner only, like the keys directory.
                    File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
                manifest = await console.Status().StartAsync("Backing up", status =>
                    write.WriteAsync(stream, new StatusProgress(status), cancellationToken));
            }
            File.Move(partial, file.FullName, overwrite: true);
        }
        catch (BackupException e)
        {
            File.Delete(partial);
            console.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return 1;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }

        var size = new FileInfo(file.FullName).Length;
        console.MarkupLineInterpolated(
            $"Backed up [green]{manifest.Tables.Count}[/] tables ({manifest.Tables.Sum(t => t.Rows):N0} rows), {manifest.Files.Count:N0} uploaded files ({Megabytes(manifest.Files.Bytes)}) and {manifest.Keys.Count} keys from {manifest.Source.Provider} in {clock.Elapsed.TotalSeconds:N1} s:");
        console.MarkupLineInterpolated($"{file.FullName} ({Megabytes(size)})");
        console.MarkupLineInterpolated($"[yellow]This file holds secrets. {BackupContents.Secrets}[/]");
        console.MarkupLine("Left out, because they are rebuilt:");
        foreach (var left in manifest.LeftOut)
        {
            console.MarkupLineInterpolated($"  {left.What}: {left.Why}");
        }
        return 0;
    }

    private static async Task<int> RestoreAsync(CliContext context, string? dataDirectory, FileInfo file, CancellationToken cancellationToken)
    {
        var console = context.Console;
        using var host = CliHost.Build(context, dataDirectory);
        var clock = Stopwatch.StartNew();
        RestoreSummary summary;
        using (var scope = host.Services.CreateScope())
        {
            var restore = ActivatorUtilities.CreateInstance<RestoreBackup>(scope.ServiceProvider);
            try
            {
                summary = await console.Status().StartAsync("Checking the backup", status =>
                    restore.RestoreAsync(file.FullName, new StatusProgress(status), cancellationToken));
            }
            catch (BackupException e)
            {
                console.MarkupLineInterpolated($"[red]{e.Message}[/]");
                console.MarkupLine("[red]Nothing was restored.[/]");
                return 1;
            }
            var manifest = summary.Manifest;
            console.MarkupLineInterpolated(
                $"Restored [green]{summary.Tables}[/] tables ({summary.Rows:N0} rows), {summary.FilesWritten + summary.FilesAlreadyPresent:N0} uploaded files and {manifest.Keys.Count} keys in {clock.Elapsed.TotalSeconds:N1} s,");
            console.MarkupLineInterpolated(
                $"from a backup of {manifest.Source.Provider} made {manifest.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC by Kaifang {manifest.KaifangVersion}.");
            if (summary.InstantsCutToMicroseconds > 0)
            {
                console.MarkupLineInterpolated(
                    $"[yellow]{summary.InstantsCutToMicroseconds:N0} times had tenths of a microsecond, which PostgreSQL does not keep: they are kept to the microsecond.[/]");
            }
            try
            {
                await IndexCommands.RebuildAsync(context, host.Services, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                console.MarkupLineInterpolated($"[red]The restore is complete, but the search index could not be rebuilt: {e.Message}[/]");
                console.MarkupLine("[red]Run [bold]kaifang index rebuild[/] once the cause is fixed; the web host also rebuilds an outdated index when it starts.[/]");
                return 1;
            }
            restore.RecordIndexPosition();
        }
        console.MarkupLine("Next: run [bold]kaifang datastore load[/] to load the published tables into the DataStore (the web host also does it in the background when it starts).");
        return 0;
    }

    private static string Megabytes(long bytes) => $"{bytes / 1024d / 1024d:N1} MB";

    /// Shows a use case's steps in the status line as they happen.
    private sealed class StatusProgress(StatusContext status) : IProgress<string>
    {
        public void Report(string value) => status.Status(Markup.Escape(value));
    }
}
