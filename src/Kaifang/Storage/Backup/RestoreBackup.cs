using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kaifang.Storage.Backup;

/// Restores a backup into an empty database of either provider, with its uploaded files and keys. The whole backup
/// is checked first (checksums, rows, what the target can hold); then the database is migrated, found empty, and
/// filled in one transaction, table after table in foreign-key order, keys as they were. If anything fails, nothing
/// is kept: the transaction is rolled back and the files and keys it added are removed.
public sealed class RestoreBackup(KaifangDbContext db, IOptions<KaifangOptions> options)
{
    public async Task<RestoreSummary> RestoreAsync(string path, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var sql = new BackupSql(db);
        var target = BackupContents.Schema(db);
        using var archive = BackupArchive.Open(path);
        CheckMigration(archive, sql.Provider);
        var plan = Plan(archive, target);
        var keys = PlanKeys(archive);
        var verified = await archive.VerifyAsync(target, sql, progress, cancellationToken);

        progress?.Report("Preparing the database");
        await MigrateAsync(cancellationToken);
        await CheckEmptyAsync(target, sql, cancellationToken);

        var written = new List<string>();
        try
        {
            progress?.Report("Restoring uploaded files");
            var (filesWritten, filesPresent) = await RestoreFilesAsync(archive, written, cancellationToken);
            foreach (var (entry, file) in keys)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await using var source = archive.OpenEntry(entry);
                await using var copy = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                written.Add(file);
                await source.CopyToAsync(copy, cancellationToken);
            }
            var rows = await RestoreRowsAsync(archive, plan, sql, progress, cancellationToken);
            return new RestoreSummary(archive.Manifest, plan.Count, rows, filesWritten, filesPresent, keys.Count, verified.InstantsCutToMicroseconds);
        }
        catch
        {
            foreach (var file in written)
            {
                File.Delete(file);
            }
            throw;
        }
    }

    /// Tells the search index that it reflects the database up to the start of the change record. The follower
    /// then applies every change made after the restore, such as a command run before the web host starts, instead of
    /// trusting an index that holds as many datasets.
    public void RecordIndexPosition() => Search.CatalogChangeFollower.WritePosition(options.Value.IndexDirectory, 0);

    private void CheckMigration(BackupArchive archive, DatabaseProvider provider)
    {
        var manifest = archive.Manifest;
        // Migration ids begin with the time they were made, so they sort in the order they were added.
        if (!manifest.Migrations.TryGetValue(provider.ToString(), out var theirs))
        {
            throw new BackupException($"{archive.Path} does not say which {provider} migration its tables fit: it was made by a Kaifang "
                + $"({manifest.KaifangVersion}) that does not run on {provider}. Restore it onto {manifest.Source.Provider}.");
        }
        var newest = db.Database.GetMigrations().Last();
        if (string.CompareOrdinal(theirs, newest) > 0)
        {
            throw new BackupException($"{archive.Path} was made by a newer Kaifang ({manifest.KaifangVersion}): its tables fit {provider} migration "
                + $"{theirs}, and this build knows migrations up to {newest} only. Restore it with that version of Kaifang, or a later one.");
        }
    }

    // Which table of this build each of the backup's tables goes into, and with which columns. A backup from an older
    // Kaifang restores when every column it holds is still here with the same kind of value, and every column added
    // since may be empty or has a default.
    private static List<TablePlan> Plan(BackupArchive archive, BackupSchema target)
    {
        var manifest = archive.Manifest;
        BackupException Refuse(string what) => new(
            $"{archive.Path} was made by Kaifang {manifest.KaifangVersion}, whose {what}. Restore it with that version, start it once with this "
            + "version to upgrade it, and back it up again.");
        var byName = manifest.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var plans = new List<TablePlan>();
        foreach (var table in target.Tables)
        {
            if (!byName.Remove(table.Name, out var entry))
            {
                continue;
            }
            var columns = new List<(BackupColumnMap, int)>();
            for (var i = 0; i < entry.Columns.Count; i++)
            {
                var column = entry.Columns[i];
                var ours = table.Find(column.Name);
                if (ours is null)
                {
                    throw Refuse($"table {table.Name} has a column {column.Name} that this build does not have");
                }
                if (ours.Kind != column.Type)
                {
                    throw Refuse($"{table.Name}.{column.Name} holds {column.Type} where this build's holds {ours.Kind}");
                }
                columns.Add((ours, i));
            }
            foreach (var missing in table.Columns.Where(c => entry.Columns.All(e => e.Name != c.Name) && !c.IsNullable && !c.HasDefault))
            {
                throw Refuse($"{table.Name} has no column {missing.Name}, which this build needs filled");
            }
            plans.Add(new TablePlan(table, entry, columns));
        }
        // Tables that this build leaves out of backups (rebuilt instead) are not restored either.
        foreach (var unknown in byName.Keys.Where(name => target.AllTables.All(t => t.Name != name)))
        {
            throw Refuse($"table {unknown} is not in this build");
        }
        return plans;
    }

    // Where each key goes. A key file of the same name already there with other content is another key ring's:
    // refused rather than overwritten, before anything is written.
    private List<(string Entry, string File)> PlanKeys(BackupArchive archive)
    {
        var root = options.Value.KeysDirectory;
        var keys = new List<(string, string)>();
        foreach (var key in archive.Manifest.Keys)
        {
            var name = BackupArchive.KeyFileName(key)
                ?? throw new BackupException($"The manifest lists a key {key.Entry}, which is not a file name under keys/: the backup is damaged or was changed.");
            var file = Path.Combine(root, name);
            if (File.Exists(file))
            {
                if (Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))) == key.Sha256)
                {
                    continue;
                }
                throw new BackupException($"{file} exists and is not the key of the same name in the backup: the keys directory belongs to "
                    + "another instance. Restore into a new data directory (or Kaifang:SharedDirectory), or move that directory's keys/ away first.");
            }
            keys.Add((key.Entry, file));
        }
        return keys;
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Value.FullDataDirectory);
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (DbException e)
        {
            throw new BackupException($"Could not prepare the database to restore into: {e.Message}. On PostgreSQL the database must exist "
                + "and Kaifang's user must own it (docs/operations.md, \"On PostgreSQL\").", e);
        }
    }

    // Every table of the model must be empty, apart from the rows migrations put in (HasData).
    private async Task CheckEmptyAsync(BackupSchema target, BackupSql sql, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var holding = new List<string>();
            foreach (var table in target.AllTables)
            {
                var seeds = table.SeedKeys.Select(k => string.Join('\u001f', k)).ToHashSet(StringComparer.Ordinal);
                await using var command = connection.CreateCommand();
                command.CommandText = sql.SelectKeys(table, seeds.Count + 1);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var rows = 0;
                var other = false;
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows++;
                    var key = string.Join('\u001f', table.Key.Select((k, i) => BackupColumnMap.Text(BackupValues.Read(reader, i, k.Kind), k.Kind)));
                    other |= !seeds.Contains(key);
                }
                if (other || rows > seeds.Count)
                {
                    holding.Add(table.Name);
                }
            }
            if (holding.Count > 0)
            {
                throw new BackupException(
                    $"The database to restore into holds data already (in {string.Join(", ", holding.Take(5))}{(holding.Count > 5 ? ", …" : "")}). "
                    + "A restore goes only into an empty database, so that nothing in it is lost or mixed with the backup: on SQLite, give a new "
                    + "data directory (--data DIR) or move kaifang.db away; on PostgreSQL, create a new database (createdb) and point "
                    + "Kaifang:ConnectionString at it.");
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<(long Written, long Present)> RestoreFilesAsync(BackupArchive archive, List<string> written, CancellationToken cancellationToken)
    {
        var root = options.Value.FilesDirectory;
        long count = 0;
        long present = 0;
        foreach (var entry in archive.Files)
        {
            var hash = BackupArchive.FileHash(entry)!;
            var file = Path.Combine(root, hash[..2], hash);
            // The store is content-addressed: a file of that name holds those bytes already.
            if (File.Exists(file))
            {
                present++;
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temporary = Path.Combine(root, $".restore-{Guid.NewGuid():N}");
            try
            {
                await using (var source = archive.OpenEntry(entry))
                await using (var copy = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    await source.CopyToAsync(copy, cancellationToken);
                }
                File.Move(temporary, file);
                written.Add(file);
                count++;
            }
            finally
            {
                File.Delete(temporary);
            }
        }
        return (count, present);
    }

    private async Task<long> RestoreRowsAsync(BackupArchive archive, List<TablePlan> plan, BackupSql sql, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var step = "the start";
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // The rows migrations put in are in the backup as they were at the time, changed or removed.
            foreach (var table in plan.Where(p => p.Table.SeedKeys.Count > 0))
            {
                await using var delete = connection.CreateCommand();
                delete.Transaction = transaction;
                delete.CommandText = sql.DeleteAll(table.Table);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
            long rows = 0;
            foreach (var table in plan)
            {
                step = table.Table.Name;
                progress?.Report($"Restoring {table.Table.Name} ({table.Entry.Rows:N0} rows)");
                await using var import = new TableRows.Import(connection, transaction, sql, table.Table, table.Columns);
                await foreach (var row in archive.ReadRows(table.Entry, cancellationToken))
                {
                    await import.AddAsync(row, cancellationToken);
                }
                await import.FlushAsync(cancellationToken);
                rows += import.Rows;
            }
            foreach (var table in plan.Where(p => p.Table.FilledInLater.Count > 0))
            {
                step = $"{table.Table.Name} ({string.Join(", ", table.Table.FilledInLater.Select(c => c.Name))})";
                await TableRows.FillInLaterAsync(connection, transaction, sql, table.Table, table.Entry,
                    archive.ReadRows(table.Entry, cancellationToken), cancellationToken);
            }
            step = "identity sequences";
            await sql.ResetSequencesAsync(connection, transaction, plan.Select(p => p.Table), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return rows;
        }
        catch (DbException e)
        {
            throw new BackupException($"The database refused the backup's rows at {step}, and nothing was kept: {e.Message}", e);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed record TablePlan(BackupTableMap Table, BackupTableEntry Entry, IReadOnlyList<(BackupColumnMap Column, int SourceOrdinal)> Columns);
}

/// What a restore did.
public sealed record RestoreSummary(
    BackupManifest Manifest,
    int Tables,
    long Rows,
    long FilesWritten,
    long FilesAlreadyPresent,
    int KeysWritten,
    long InstantsCutToMicroseconds);
