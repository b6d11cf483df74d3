using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kaifang.Storage.Backup;

namespace Kaifang.Tests.Storage.Backup;

/// A backup file read whole, for tests to compare two of them and to make damaged copies.
internal sealed record BackupZip(BackupManifest Manifest, Dictionary<string, List<string>> Tables, Dictionary<string, byte[]> Files, Dictionary<string, byte[]> Keys)
{
    public static BackupZip Read(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        BackupManifest manifest;
        using (var stream = zip.GetEntry(BackupManifest.EntryName)!.Open())
        {
            manifest = JsonSerializer.Deserialize<BackupManifest>(stream, BackupManifest.Json)!;
        }
        var tables = manifest.Tables.ToDictionary(t => t.Name, t => ReadText(zip, t.Entry).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList());
        var files = zip.Entries.Where(e => e.FullName.StartsWith("files/", StringComparison.Ordinal)).ToDictionary(e => e.FullName, ReadBytes);
        var keys = zip.Entries.Where(e => e.FullName.StartsWith("keys/", StringComparison.Ordinal)).ToDictionary(e => e.FullName, ReadBytes);
        return new BackupZip(manifest, tables, files, keys);
    }

    /// The rows of a table with times cut to the microsecond, as PostgreSQL keeps them.
    public List<string> RowsToTheMicrosecond(string table)
    {
        var times = Manifest.Tables.Single(t => t.Name == table).Columns
            .Where(c => c.Type is BackupValueKind.DateTime or BackupValueKind.DateTimeOffset).Select(c => c.Name).ToList();
        if (times.Count == 0)
        {
            return Tables[table];
        }
        return [.. Tables[table].Select(line =>
        {
            var row = JsonNode.Parse(line)!.AsObject();
            foreach (var name in times)
            {
                // 2026-11-29T01:02:03.1234567Z: the seventh digit is the tenth of a microsecond.
                if (row[name]?.GetValue<string>() is { Length: > 20 } text && text[^1] == 'Z')
                {
                    row[name] = text[..^2] + "0Z";
                }
            }
            return row.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        })];
    }

    /// A copy of <paramref name="path"/> with one entry's content replaced.
    public static string CopyWith(string path, string copy, string entryName, Func<byte[], byte[]> change)
    {
        File.Copy(path, copy, overwrite: true);
        using var zip = ZipFile.Open(copy, ZipArchiveMode.Update);
        var entry = zip.GetEntry(entryName)!;
        var content = change(ReadBytes(entry));
        entry.Delete();
        using var stream = zip.CreateEntry(entryName).Open();
        stream.Write(content);
        return copy;
    }

    /// A copy of <paramref name="path"/> without one entry.
    public static string CopyWithout(string path, string copy, string entryName)
    {
        File.Copy(path, copy, overwrite: true);
        using var zip = ZipFile.Open(copy, ZipArchiveMode.Update);
        zip.GetEntry(entryName)!.Delete();
        return copy;
    }

    private static string ReadText(ZipArchive zip, string entry) => System.Text.Encoding.UTF8.GetString(ReadBytes(zip.GetEntry(entry)!));

    private static byte[] ReadBytes(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
