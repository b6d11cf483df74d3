using System.Data.Common;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kaifang.Storage.Backup;

/// Writes a whole Kaifang instance into one zip file that restores onto SQLite or PostgreSQL: every table of the model
/// read in one snapshot (tables/NAME.jsonl), the uploaded-file store (files/), the Data Protection keys (keys/), and
/// manifest.json saying what each entry holds and its SHA-256. docs/operations.md, "Backup, restore and moving
/// between databases".
public sealed class WriteBackup(KaifangDbContext db, IOptions<KaifangOptions> options, TimeProvider time)
{
    /// Writes the backup to <paramref name="output"/>; throws <see cref="BackupException"/> when there is no database
    /// to back up, or it is not at this build's migration.
    public async Task<BackupManifest> WriteAsync(Stream output, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var applied = await CheckDatabaseAsync(cancellationToken);
        var schema = BackupContents.Schema(db);
        var sql = new BackupSql(db);
        var createdAt = time.GetUtcNow().UtcDateTime;
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
        await WriteReadmeAsync(zip, createdAt, cancellationToken);

        var tables = new List<BackupTableEntry>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var snapshot = await BackupSql.BeginSnapshotAsync(connection, cancellationToken);
            foreach (var table in schema.Tables)
            {
                progress?.Report($"Reading {table.Name}");
                var entry = Create(zip, $"{BackupArchive.TablesDirectory}{table.Name}.jsonl", createdAt, CompressionLevel.Optimal);
                await using var stream = entry.Open();
                tables.Add(await TableRows.ExportAsync(connection, snapshot, sql, table, entry.FullName, stream, cancellationToken));
            }
            await snapshot.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        // The files after the snapshot: a file is in the store before the row naming it is committed, so every file
        // the snapshot's rows name is here (with perhaps a few newer ones, which do no harm).
        progress?.Report("Copying uploaded files");
        var files = await CopyFilesAsync(zip, createdAt, cancellationToken);
        var keys = await CopyKeysAsync(zip, createdAt, cancellationToken);

        var manifest = new BackupManifest
        {
            Format = BackupManifest.FormatName,
            FormatVersion = BackupManifest.CurrentFormatVersion,
            CreatedAt = createdAt,
            KaifangVersion = BackupContents.KaifangVersion,
            Source = new BackupSource(sql.Provider.ToString(), applied),
            Migrations = BackupContents.NewestMigrations(),
            HoldsSecrets = true,
            Secrets = BackupContents.Secrets,
            Tables = tables,
            Files = files,
            Keys = keys,
            LeftOut = BackupContents.LeftOut,
        };
        var manifestEntry = Create(zip, BackupManifest.EntryName, createdAt, CompressionLevel.Optimal);
        await using (var stream = manifestEntry.Open())
        {
            await JsonSerializer.SerializeAsync(stream, manifest, BackupManifest.Json, cancellationToken);
        }
        return manifest;
    }

    // The database must be there and at this build's newest migration: an older one has other columns than the model.
    private async Task<string> CheckDatabaseAsync(CancellationToken cancellationToken)
    {
        if (db.Database.GetDbConnection() is SqliteConnection sqlite
            && new SqliteConnectionStringBuilder(sqlite.ConnectionString).DataSource is { Length: > 0 } file
            && file != ":memory:" && !File.Exists(file))
        {
            throw new BackupException($"There is no Kaifang database at {file}. Give the data directory of the instance to back up (--data DIR), "
                + "or set Kaifang:DatabaseProvider and Kaifang:ConnectionString to its database.");
        }
        List<string> applied;
        List<string> pending;
        try
        {
            applied = [.. await db.Database.GetAppliedMigrationsAsync(cancellationToken)];
            pending = [.. await db.Database.GetPendingMigrationsAsync(cancellationToken)];
        }
        catch (DbException e)
        {
            throw new BackupException($"Could not read the database: {e.Message}. Check Kaifang:ConnectionString.", e);
        }
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        if (applied.Count == 0)
        {
            throw new BackupException("The database holds no Kaifang tables: there is nothing to back up. Check --data, or Kaifang:ConnectionString.");
        }
        if (applied.FirstOrDefault(m => !known.Contains(m)) is { } unknown)
        {
            throw new BackupException($"The database has migration {unknown}, which this build of Kaifang does not know: "
                + "back it up with the version of Kaifang that runs it.");
        }
        if (pending.Count > 0)
        {
            throw new BackupException($"The database is at migration {applied[^1]}, older than this build's {pending[^1]}. "
                + "Back it up with the version of Kaifang that runs it, or upgrade it first: any other kaifang command, or starting the web host, "
                + "applies the migrations.");
        }
        return applied[^1];
    }

    private async Task<BackupFilesEntry> CopyFilesAsync(ZipArchive zip, DateTime createdAt, CancellationToken cancellationToken)
    {
        var root = options.Value.FilesDirectory;
        long count = 0;
        long bytes = 0;
        if (!Directory.Exists(root))
        {
            return new BackupFilesEntry(BackupArchive.FilesDirectory, 0, 0);
        }
        var buffer = new byte[1 << 16];
        foreach (var directory in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var prefix = Path.GetFileName(directory);
            // Only finished files: an upload in progress is a temporary name until it is moved into place.
            foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
            {
                var hash = Path.GetFileName(path);
                if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower) || hash[..2] != prefix)
                {
                    continue;
                }
                var entry = Create(zip, $"{BackupArchive.FilesDirectory}{prefix}/{hash}", createdAt, CompressionLevel.Fastest);
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                await using (var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, buffer.Length, useAsync: true))
                await using (var target = entry.Open())
                {
                    int read;
                    while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        sha.AppendData(buffer, 0, read);
                        await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                        bytes += read;
                    }
                }
                if (Convert.ToHexStringLower(sha.GetHashAndReset()) != hash)
                {
                    throw new BackupException(
                        $"The uploaded file {path} no longer matches the SHA-256 it is named by: it was changed or damaged on disk. "
                        + "Put back the original (from an earlier backup, or upload the resource's file again), then back up again.");
                }
                count++;
            }
        }
        return new BackupFilesEntry(BackupArchive.FilesDirectory, count, bytes);
    }

    private async Task<List<BackupKeyEntry>> CopyKeysAsync(ZipArchive zip, DateTime createdAt, CancellationToken cancellationToken)
    {
        var root = options.Value.KeysDirectory;
        var keys = new List<BackupKeyEntry>();
        if (!Directory.Exists(root))
        {
            return keys;
        }
        foreach (var path in Directory.EnumerateFiles(root, "*.xml").Order(StringComparer.Ordinal))
        {
            var content = await File.ReadAllBytesAsync(path, cancellationToken);
            var entry = Create(zip, BackupArchive.KeysDirectory + Path.GetFileName(path), createdAt, CompressionLevel.Optimal);
            await using (var stream = entry.Open())
            {
                await stream.WriteAsync(content, cancellationToken);
            }
            keys.Add(new BackupKeyEntry(entry.FullName, content.Length, Convert.ToHexStringLower(SHA256.HashData(content))));
        }
        return keys;
    }

    private static async Task WriteReadmeAsync(ZipArchive zip, DateTime createdAt, CancellationToken cancellationToken)
    {
        var entry = Create(zip, "README.txt", createdAt, CompressionLevel.Optimal);
        await using var stream = entry.Open();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(
            $"""
            A backup of a Kaifang instance, made {createdAt:yyyy-MM-dd HH:mm:ss} UTC by `kaifang backup`.
            Restore it with `kaifang restore FILE` into an empty database, SQLite or PostgreSQL (docs/operations.md).

            manifest.json  what each entry holds, its row count and SHA-256
            tables/        one JSON Lines file per table, one row a line
            files/         the uploaded-file store, each file named by its SHA-256
            keys/          the Data Protection keys

            This file holds secrets. {BackupContents.Secrets}

            """.ReplaceLineEndings("\n")), cancellationToken);
    }

    private static ZipArchiveEntry Create(ZipArchive zip, string name, DateTime createdAt, CompressionLevel level)
    {
        var entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = new DateTimeOffset(createdAt, TimeSpan.Zero);
        return entry;
    }
}
