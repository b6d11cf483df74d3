using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Kaifang.Storage.Backup;

/// A backup file opened for restoring: its manifest read and checked, and every entry verifiable against it before
/// anything is written anywhere.
internal sealed class BackupArchive : IDisposable
{
    public const string TablesDirectory = "tables/";
    public const string FilesDirectory = "files/";
    public const string KeysDirectory = "keys/";

    private readonly FileStream _file;
    private readonly ZipArchive _zip;

    private BackupArchive(string path, FileStream file, ZipArchive zip, BackupManifest manifest)
    {
        Path = path;
        _file = file;
        _zip = zip;
        Manifest = manifest;
    }

    public string Path { get; }
    public BackupManifest Manifest { get; }

    /// Opens the file and reads its manifest; throws <see cref="BackupException"/> saying what to do when the file is
    /// missing, not a whole zip file, not a Kaifang backup, or of a format this build does not read.
    public static BackupArchive Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new BackupException($"There is no file {path}.");
        }
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        try
        {
            ZipArchive zip;
            try
            {
                zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            }
            catch (InvalidDataException e)
            {
                throw new BackupException(
                    $"{path} is not a whole zip file: it is damaged or was cut short ({e.Message.TrimEnd('.')}). Copy the backup again from where it was made, "
                    + "and check that the copy has the same size as the original.", e);
            }
            try
            {
                return new BackupArchive(path, file, zip, ReadManifest(zip, path));
            }
            catch
            {
                zip.Dispose();
                throw;
            }
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static BackupManifest ReadManifest(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(BackupManifest.EntryName)
            ?? throw new BackupException($"{path} is a zip file but not a Kaifang backup: it has no {BackupManifest.EntryName}. Give the file `kaifang backup` wrote.");
        try
        {
            using (var stream = entry.Open())
            using (var document = JsonDocument.Parse(stream))
            {
                var root = document.RootElement;
                var format = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
                if (format != BackupManifest.FormatName)
                {
                    throw new BackupException($"{path} is not a Kaifang backup: its {BackupManifest.EntryName} does not say \"format\": \"{BackupManifest.FormatName}\".");
                }
                if (!root.TryGetProperty("formatVersion", out var v) || !v.TryGetInt32(out var version) || version < 1)
                {
                    throw new BackupException($"The {BackupManifest.EntryName} of {path} has no valid formatVersion: the backup is damaged; use another copy of it.");
                }
                if (version > BackupManifest.CurrentFormatVersion)
                {
                    throw new BackupException(
                        $"{path} is a backup of format version {version}, made by a newer Kaifang; this build reads version {BackupManifest.CurrentFormatVersion}. "
                        + "Restore it with the version of Kaifang that made it, or a later one.");
                }
            }
            using var again = entry.Open();
            return JsonSerializer.Deserialize<BackupManifest>(again, BackupManifest.Json)
                ?? throw new BackupException($"The {BackupManifest.EntryName} of {path} is empty: the backup is damaged; use another copy of it.");
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw new BackupException($"The {BackupManifest.EntryName} of {path} is damaged ({e.Message.TrimEnd('.')}); use another copy of the backup.", e);
        }
    }

    /// Reads a table's rows; the entry's checksum is checked by <see cref="VerifyAsync"/>, which reads it first.
    public async IAsyncEnumerable<object?[]> ReadRows(BackupTableEntry table, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        await using var stream = OpenEntry(table.Entry);
        await foreach (var row in TableRows.ReadAsync(stream, table, cancellationToken))
        {
            yield return row;
        }
    }

    public Stream OpenEntry(string entryName)
    {
        var entry = _zip.GetEntry(entryName) ?? throw new BackupException(
            $"{Path} lists {entryName} in its manifest but does not hold it: the backup is damaged or incomplete; use another copy of it.");
        try
        {
            return entry.Open();
        }
        catch (InvalidDataException e)
        {
            throw Damaged(entryName, e);
        }
    }

    /// The uploaded files the backup holds: entries files/xx/HASH.
    public IEnumerable<ZipArchiveEntry> Files =>
        _zip.Entries.Where(e => e.FullName.StartsWith(FilesDirectory, StringComparison.Ordinal) && !e.FullName.EndsWith('/'));

    /// The hash a file entry is named by, or null when the name is not files/xx/HASH.
    public static string? FileHash(ZipArchiveEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var parts = entry.FullName.Split('/');
        return parts is [_, var prefix, var hash] && hash.Length == 64 && hash.All(char.IsAsciiHexDigitLower) && prefix == hash[..2] ? hash : null;
    }

    /// A key entry's file name, when it is a plain name under keys/.
    public static string? KeyFileName(BackupKeyEntry key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var name = key.Entry.StartsWith(KeysDirectory, StringComparison.Ordinal) ? key.Entry[KeysDirectory.Length..] : "";
        return name.Length > 0 && name == System.IO.Path.GetFileName(name) && name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)
            && name.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) < 0 && !name.StartsWith('.')
            ? name
            : null;
    }

    /// Reads every entry the manifest lists and checks it against the manifest: each table's SHA-256, row count and
    /// rows (each a row of the table, each value one the target database can hold), each file against the hash it is
    /// named by, each key against its SHA-256. Throws <see cref="BackupException"/> at the first that fails.
    public async Task<BackupVerification> VerifyAsync(BackupSchema target, BackupSql sql, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(sql);
        long rows = 0;
        long tenths = 0;
        foreach (var table in Manifest.Tables)
        {
            progress?.Report($"Checking {table.Name}");
            var columns = table.Columns.Select(c => target.Find(table.Name)?.Find(c.Name)).ToArray();
            await using var stream = new HashingStream(OpenEntry(table.Entry));
            long count = 0;
            try
            {
                await foreach (var row in TableRows.ReadAsync(stream, table, cancellationToken))
                {
                    count++;
                    for (var i = 0; i < row.Length; i++)
                    {
                        if (row[i] is not { } value || columns[i] is not { } column)
                        {
                            continue;
                        }
                        if (sql.CannotHold(column, value) is { } why)
                        {
                            throw new BackupException(
                                $"{table.Name}.{column.Name} on line {count:N0} of {table.Entry} cannot be restored onto {sql.Provider}: {why}. "
                                + $"Shorten or correct it in the instance the backup came from, back up again, and restore that backup.");
                        }
                        if (sql.Provider == DatabaseProvider.PostgreSql && BackupValues.HasTenthsOfMicroseconds(value))
                        {
                            tenths++;
                        }
                    }
                }
                await stream.ReadToEndAsync(cancellationToken);
            }
            catch (InvalidDataException e)
            {
                throw Damaged(table.Entry, e);
            }
            if (stream.Sha256 != table.Sha256 || stream.Length != table.Bytes)
            {
                throw Mismatch(table.Entry);
            }
            if (count != table.Rows)
            {
                throw new BackupException(
                    $"{table.Entry} holds {count:N0} rows where the manifest says {table.Rows:N0}: the backup is damaged; use another copy of it.");
            }
            rows += count;
        }

        progress?.Report("Checking files");
        long files = 0;
        long bytes = 0;
        foreach (var entry in Files)
        {
            var hash = FileHash(entry) ?? throw new BackupException(
                $"{entry.FullName} is not named files/xx/SHA-256 as the file store names files: the backup is damaged or was changed; use another copy of it.");
            await using var stream = new HashingStream(OpenEntry(entry));
            try
            {
                await stream.ReadToEndAsync(cancellationToken);
            }
            catch (InvalidDataException e)
            {
                throw Damaged(entry.FullName, e);
            }
            if (stream.Sha256 != hash)
            {
                throw Mismatch(entry.FullName);
            }
            files++;
            bytes += stream.Length;
        }
        if (files != Manifest.Files.Count || bytes != Manifest.Files.Bytes)
        {
            throw new BackupException(
                $"{Path} holds {files:N0} uploaded files ({bytes:N0} bytes) where the manifest says {Manifest.Files.Count:N0} ({Manifest.Files.Bytes:N0} bytes): "
                + "files are missing from the backup; use another copy of it.");
        }

        foreach (var key in Manifest.Keys)
        {
            if (KeyFileName(key) is null)
            {
                throw new BackupException($"The manifest lists a key {key.Entry}, which is not a file name under keys/: the backup is damaged or was changed.");
            }
            await using var stream = new HashingStream(OpenEntry(key.Entry));
            try
            {
                await stream.ReadToEndAsync(cancellationToken);
            }
            catch (InvalidDataException e)
            {
                throw Damaged(key.Entry, e);
            }
            if (stream.Sha256 != key.Sha256 || stream.Length != key.Bytes)
            {
                throw Mismatch(key.Entry);
            }
        }
        return new BackupVerification(rows, files, bytes, tenths);
    }

    public Stream OpenEntry(ZipArchiveEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            return entry.Open();
        }
        catch (InvalidDataException e)
        {
            throw Damaged(entry.FullName, e);
        }
    }

    private BackupException Damaged(string entry, Exception e) =>
        new($"{entry} in {Path} is damaged ({e.Message.TrimEnd('.')}): copy the backup again from where it was made, or use another copy of it.", e);

    private BackupException Mismatch(string entry) =>
        new($"{entry} in {Path} does not match its checksum in the manifest: the backup was changed or damaged after it was made. "
            + "Use another copy of it.");

    public void Dispose()
    {
        _zip.Dispose();
        _file.Dispose();
    }
}

/// What verifying a backup counted: rows and files, and the instants PostgreSQL will keep to the microsecond only.
public sealed record BackupVerification(long Rows, long Files, long FileBytes, long InstantsCutToMicroseconds);
