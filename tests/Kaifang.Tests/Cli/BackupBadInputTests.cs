using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kaifang.Storage.Backup;
using Kaifang.Tests.Storage.Backup;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Cli;

/// One backup of a small instance (the seeded agencies and accounts, an uploaded file, a key), made once for the
/// tests that restore damaged copies of it.
public sealed class SmallBackup : IAsyncLifetime, IDisposable
{
    private readonly CliRun _instance = new();

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"kaifang-backup-{Guid.NewGuid():N}");

    public string File => Path.Combine(Folder, "small.zip");

    public string UploadedEntry { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        var (seeded, seedOutput) = await _instance.RunAsync("users", "list");
        Assert.True(seeded == 0, seedOutput);
        var content = Encoding.UTF8.GetBytes("代碼,人數\n001,12\n");
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var path = Path.Combine(_instance.DataDirectory, "files", hash[..2], hash);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await System.IO.File.WriteAllBytesAsync(path, content);
        UploadedEntry = $"files/{hash[..2]}/{hash}";
        using (var host = _instance.BuildHost())
        {
            // Protecting anything writes the instance's first key.
            host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("秘密");
        }
        var (exit, output) = await _instance.RunAsync("backup", "--output", File);
        Assert.True(exit == 0, output);
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _instance.Dispose();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}

/// A backup that is damaged, cut short, changed, of a newer format or migration, or meant for a database that holds
/// data already: refused with what to do about it, and nothing written, neither to the database nor to the files.
public sealed class BackupBadInputTests(SmallBackup backup) : IClassFixture<SmallBackup>, IDisposable
{
    private readonly CliRun _target = new();

    private string Copy(string name) => Path.Combine(backup.Folder, $"{Guid.NewGuid():N}-{name}");

    [Fact]
    public async Task A_backup_cut_short_is_refused_as_not_a_whole_zip_file()
    {
        var bytes = await File.ReadAllBytesAsync(backup.File);
        var cut = Copy("cut.zip");
        await File.WriteAllBytesAsync(cut, bytes[..(bytes.Length / 2)]);

        var output = await RestoreRefusedAsync(cut);

        Assert.Contains("is not a whole zip file", output, StringComparison.Ordinal);
        Assert.Contains("Copy the backup again", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_no_backup_is_refused()
    {
        var text = Copy("notes.zip");
        await File.WriteAllTextAsync(text, "這不是備份。");
        Assert.Contains("is not a whole zip file", await RestoreRefusedAsync(text), StringComparison.Ordinal);

        var other = Copy("other.zip");
        BackupZip.CopyWithout(backup.File, other, BackupManifest.EntryName);
        Assert.Contains("not a Kaifang backup: it has no manifest.json", await RestoreRefusedAsync(other), StringComparison.Ordinal);

        Assert.Contains("There is no file", await RestoreRefusedAsync(Copy("missing.zip")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_changed_after_the_backup_fails_its_checksum()
    {
        var changed = BackupZip.CopyWith(backup.File, Copy("changed.zip"), "tables/Agencies.jsonl",
            bytes => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("勞動部", "勞働部", StringComparison.Ordinal)));

        var output = await RestoreRefusedAsync(changed);

        Assert.Contains("tables/Agencies.jsonl", output, StringComparison.Ordinal);
        Assert.Contains("does not match its checksum", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_row_is_refused_with_its_line()
    {
        var damaged = BackupZip.CopyWith(backup.File, Copy("damaged.zip"), "tables/Agencies.jsonl",
            bytes => [.. bytes[..40], .. "\n{\"Id\":"u8]);

        var output = await RestoreRefusedAsync(damaged);

        Assert.Contains("tables/Agencies.jsonl, line 1, is not a row of Agencies", output, StringComparison.Ordinal);
        Assert.Contains("use another copy", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_uploaded_file_changed_or_missing_is_found()
    {
        var changed = BackupZip.CopyWith(backup.File, Copy("file.zip"), backup.UploadedEntry, _ => "代碼,人數\n001,13\n"u8.ToArray());
        var output = await RestoreRefusedAsync(changed);
        Assert.Contains(backup.UploadedEntry, output, StringComparison.Ordinal);
        Assert.Contains("does not match its checksum", output, StringComparison.Ordinal);

        var missing = BackupZip.CopyWithout(backup.File, Copy("nofile.zip"), backup.UploadedEntry);
        Assert.Contains("files are missing from the backup", await RestoreRefusedAsync(missing), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backup_of_an_unknown_format_version_is_refused()
    {
        var newer = BackupZip.CopyWith(backup.File, Copy("v2.zip"), BackupManifest.EntryName, bytes => ChangeManifest(bytes, m => m["formatVersion"] = 2));

        var output = await RestoreRefusedAsync(newer);

        Assert.Contains("format version 2, made by a newer Kaifang; this build reads version 1", output, StringComparison.Ordinal);
        Assert.Contains("Restore it with the version of Kaifang that made it, or a later one", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backup_from_a_newer_migration_is_refused()
    {
        var newer = BackupZip.CopyWith(backup.File, Copy("future.zip"), BackupManifest.EntryName, bytes => ChangeManifest(bytes, m =>
            m["migrations"] = new JsonObject { ["Sqlite"] = "29991231000000_Future", ["PostgreSql"] = "29991231000000_Future" }));

        var output = await RestoreRefusedAsync(newer);

        Assert.Contains("was made by a newer Kaifang", output, StringComparison.Ordinal);
        Assert.Contains("29991231000000_Future", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_that_holds_data_is_refused_and_kept_as_it_was()
    {
        await _target.RunAsync("users", "list");
        await using (var db = _target.OpenDb())
        {
            db.Agencies.Single(a => a.Code == "MOL").Name = "勞動部（原有資料）";
            await db.SaveChangesAsync();
        }

        var (exit, printed) = await _target.RunAsync("restore", backup.File);
        var output = System.Text.RegularExpressions.Regex.Replace(printed, @"\s+", " ");

        Assert.Equal(1, exit);
        Assert.Contains("holds data already", output, StringComparison.Ordinal);
        Assert.Contains("create a new database", output, StringComparison.Ordinal);
        Assert.Contains("Nothing was restored.", output, StringComparison.Ordinal);
        await using (var db = _target.OpenDb())
        {
            Assert.Equal("勞動部（原有資料）", (await db.Agencies.SingleAsync(a => a.Code == "MOL")).Name);
        }
        Assert.False(Directory.Exists(Path.Combine(_target.DataDirectory, "files")));
        Assert.False(Directory.Exists(Path.Combine(_target.DataDirectory, "keys")));
    }

    private async Task<string> RestoreRefusedAsync(string file)
    {
        var (exit, printed) = await _target.RunAsync("restore", file);
        // The console wraps long lines.
        var output = System.Text.RegularExpressions.Regex.Replace(printed, @"\s+", " ");
        Assert.True(exit == 1, output);
        Assert.Contains("Nothing was restored.", output, StringComparison.Ordinal);
        // Nothing written: no database made (SQLite) or filled (PostgreSQL), no file, no key.
        Assert.False(Directory.Exists(Path.Combine(_target.DataDirectory, "files")));
        Assert.False(Directory.Exists(Path.Combine(_target.DataDirectory, "keys")));
        if (_target.IsPostgreSql)
        {
            await using var db = _target.OpenDb();
            Assert.False(await db.Agencies.AnyAsync());
        }
        else
        {
            Assert.False(File.Exists(Path.Combine(_target.DataDirectory, "kaifang.db")));
        }
        return output;
    }

    private static byte[] ChangeManifest(byte[] bytes, Action<JsonObject> change)
    {
        var manifest = JsonNode.Parse(bytes)!.AsObject();
        change(manifest);
        return Encoding.UTF8.GetBytes(manifest.ToJsonString());
    }

    public void Dispose() => _target.Dispose();
}
