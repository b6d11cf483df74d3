using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Kaifang.Storage;

/// Content-addressed store for resource files: each file is kept once, under its SHA-256.
/// Local disk by default; a shared file system mounted at the same path serves several nodes.
public sealed class FileStore(IOptions<KaifangOptions> options)
{
    /// An upload in progress is written under this prefix and renamed to its hash once whole.
    private const string UploadPrefix = ".upload-";

    private readonly string _root = options.Value.FilesDirectory;

    /// Deletes the uploads a stopped process left half-written: those not written to for
    /// <paramref name="idle"/>. An upload still going on (on this node or another of a shared store) is written to
    /// all the time, and the server drops a client that sends too slowly long before.
    public int RemoveAbandonedUploads(DateTimeOffset now, TimeSpan idle)
    {
        if (!Directory.Exists(_root))
        {
            return 0;
        }
        var removed = 0;
        foreach (var file in new DirectoryInfo(_root).EnumerateFiles(UploadPrefix + "*"))
        {
            if (now - file.LastWriteTimeUtc > idle)
            {
                try
                {
                    file.Delete();
                    removed++;
                }
                catch (IOException)
                {
                    // Gone already, or held: the next start tries again.
                }
            }
        }
        return removed;
    }

    /// Copies the stream into the store, refusing it once it passes maxBytes.
    /// Returns the hash and length; nothing is left behind when it is refused.
    public Task<StoredFile> SaveAsync(Stream content, long maxBytes, CancellationToken cancellationToken) =>
        SaveAsync(content, maxBytes, null, cancellationToken);

    /// As <see cref="SaveAsync(Stream, long, CancellationToken)"/>, and refuses the file (FileRefusedException) when
    /// inspect, shown the whole file before it is kept, gives a reason; nothing is left behind then either.
    public async Task<StoredFile> SaveAsync(Stream content, long maxBytes, Func<Stream, FileRefusal?>? inspect, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        var temp = Path.Combine(_root, $"{UploadPrefix}{Guid.NewGuid():N}");
        try
        {
            long length = 0;
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = File.Create(temp))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    length += read;
                    if (length > maxBytes)
                    {
                        throw new FileTooLargeException(maxBytes);
                    }
                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                // On disk before it gets its name: after a power cut the name never points at a file cut short.
                file.Flush(flushToDisk: true);
            }
            if (inspect is not null)
            {
                await using var written = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
                if (inspect(written) is { } refusal)
                {
                    throw new FileRefusedException(refusal);
                }
            }
            var hash = Convert.ToHexStringLower(sha.GetHashAndReset());
            var target = PathFor(hash);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (File.Exists(target))
            {
                File.Delete(temp);
            }
            else
            {
                File.Move(temp, target);
            }
            return new StoredFile(hash, length);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public async Task<StoredFile> SaveAsync(byte[] content, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        return await SaveAsync(stream, long.MaxValue, cancellationToken);
    }

    public bool Exists(string hash) => IsHash(hash) && File.Exists(PathFor(hash));

    public Stream OpenRead(string hash)
    {
        if (!IsHash(hash))
        {
            throw new ArgumentException("Not a SHA-256 hash.", nameof(hash));
        }
        return new FileStream(PathFor(hash), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
    }

    public string PathFor(string hash) => Path.Combine(_root, hash[..2], hash);

    private static bool IsHash(string hash) => hash.Length == 64 && hash.All(char.IsAsciiHexDigitLower);
}

public sealed record StoredFile(string Hash, long Length);

public sealed class FileTooLargeException(long maxBytes)
    : Exception($"The file is larger than the {maxBytes:N0}-byte limit.")
{
    public long MaxBytes { get; } = maxBytes;
}
