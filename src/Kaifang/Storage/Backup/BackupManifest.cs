using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kaifang.Storage.Backup;

/// manifest.json, the table of contents of a backup: what made it and when, each table's entry with its columns,
/// row count and SHA-256, the uploaded files and the keys, and what was left out because it is rebuilt.
public sealed record BackupManifest
{
    public const string EntryName = "manifest.json";
    public const string FormatName = "kaifang-backup";

    /// The version of this layout. A restore refuses a version it does not know rather than guess.
    public const int CurrentFormatVersion = 1;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public required string Format { get; init; }
    public required int FormatVersion { get; init; }

    /// When the snapshot was taken, UTC.
    public required DateTime CreatedAt { get; init; }

    /// The version of Kaifang that made the backup.
    public required string KaifangVersion { get; init; }

    /// The database it was made from and the last migration applied to it.
    public required BackupSource Source { get; init; }

    /// The newest migration of each database provider in the build that made the backup: a restore onto either
    /// provider compares its own newest with this one.
    public required IReadOnlyDictionary<string, string> Migrations { get; init; }

    /// The backup holds secrets: the Data Protection keys (keys/) that decrypt what Kaifang stores encrypted, and
    /// the password hashes of staff accounts.
    public required bool HoldsSecrets { get; init; }
    public required string Secrets { get; init; }

    /// In restore order: each table after those its foreign keys point to.
    public required IReadOnlyList<BackupTableEntry> Tables { get; init; }
    public required BackupFilesEntry Files { get; init; }
    public required IReadOnlyList<BackupKeyEntry> Keys { get; init; }
    public required IReadOnlyList<BackupLeftOut> LeftOut { get; init; }
}

public sealed record BackupSource(string Provider, string Migration);

/// One table's rows: JSON Lines, one object per row, keyed by column name, in primary-key order.
public sealed record BackupTableEntry(string Name, string Entry, long Rows, long Bytes, string Sha256, IReadOnlyList<BackupColumn> Columns);

public sealed record BackupColumn(string Name, BackupValueKind Type, bool Nullable);

/// The uploaded-file store: each file under files/xx/HASH, its name its SHA-256, which is how it is checked.
public sealed record BackupFilesEntry(string Directory, long Count, long Bytes);

/// One Data Protection key file under keys/.
public sealed record BackupKeyEntry(string Entry, long Bytes, string Sha256);

/// What a backup leaves out on purpose, why, and how a restored instance gets it back.
public sealed record BackupLeftOut(string What, string Why);
