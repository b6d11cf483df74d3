using System.IO.Compression;

namespace Kaifang.Storage;

/// What a zip package (XLSX, ODS, DOCX, ODT, ZIP) may inflate to, judged from its central directory before
/// any entry is inflated. System.IO.Compression inflates an entry to at most the size its directory record
/// declares, so the declared sizes bound the memory and time any reader of the package spends: a zip bomb
/// (a few kilobytes that inflate to gigabytes) is refused here, and a record that lies about its size only
/// cuts its own entry short.
public static class ZipLimits
{
    /// The most all entries together may inflate to.
    public const long MaxInflatedBytes = 2L * 1024 * 1024 * 1024;

    /// The most an entry of some size may inflate per compressed byte. Spreadsheet XML compresses about 10:1,
    /// very repetitive tables up to 50:1; a bomb of zeros or repeated markup reaches 1000:1.
    public const int MaxRatio = 200;

    /// Entries smaller than this are not judged by their ratio: a small file of blanks compresses well and harms no one.
    public const long RatioFromBytes = 16L * 1024 * 1024;

    /// The most entries a package may hold (a spreadsheet has a few dozen).
    public const int MaxEntries = 20_000;

    /// Why the package must not be inflated, or null when it may. A stream that is not a zip at all is
    /// not this check's business (null); the format's reader says what is wrong with it. The stream must seek;
    /// it is left open at its start, for the reader that comes next.
    public static FileRefusal? Check(Stream package)
    {
        ArgumentNullException.ThrowIfNull(package);
        try
        {
            package.Position = 0;
            return CheckDirectory(package);
        }
        finally
        {
            package.Position = 0;
        }
    }

    private static FileRefusal? CheckDirectory(Stream package)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            return null;
        }
        using (zip)
        {
            var entries = zip.Entries;
            if (entries.Count > MaxEntries)
            {
                return new FileRefusal(
                    $"壓縮檔內有 {entries.Count:N0} 個檔案，超過 {MaxEntries:N0} 個的上限；請確認檔案正確。",
                    $"The package holds {entries.Count:N0} files, more than the limit of {MaxEntries:N0}; check that the file is right.");
            }
            long total = 0;
            foreach (var entry in entries)
            {
                total += entry.Length;
                if (total > MaxInflatedBytes || entry.Length < 0)
                {
                    return new FileRefusal(
                        $"壓縮檔解壓後超過 {MaxInflatedBytes / 1024 / 1024:N0} MB 的上限（可能是壓縮炸彈）；請上傳未經異常壓縮的檔案。",
                        $"The package inflates to more than the {MaxInflatedBytes / 1024 / 1024:N0} MB limit (it may be a zip bomb); upload a file that is not abnormally compressed.");
                }
                if (entry.Length >= RatioFromBytes && entry.Length > (long)MaxRatio * Math.Max(entry.CompressedLength, 1))
                {
                    return new FileRefusal(
                        $"壓縮檔中的「{entry.FullName}」壓縮比超過 {MaxRatio}:1（{entry.CompressedLength:N0} 位元組解壓為 {entry.Length:N0} 位元組，可能是壓縮炸彈）；請上傳未經異常壓縮的檔案。",
                        $"“{entry.FullName}” in the package is compressed more than {MaxRatio}:1 ({entry.CompressedLength:N0} bytes inflate to {entry.Length:N0}; it may be a zip bomb); upload a file that is not abnormally compressed.");
                }
            }
        }
        return null;
    }
}

/// Why a file is refused, in Traditional Chinese and English, each saying what to fix.
public sealed record FileRefusal(string Zh, string En);

/// A file refused for what it holds (a zip bomb, XML entity declarations); nothing of it is kept.
public sealed class FileRefusedException(FileRefusal refusal) : Exception(refusal?.En)
{
    public FileRefusal Refusal { get; } = refusal ?? throw new ArgumentNullException(nameof(refusal));
}
