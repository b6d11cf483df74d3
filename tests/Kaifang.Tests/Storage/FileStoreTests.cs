using System.Text;
using Kaifang.Storage;
using Microsoft.Extensions.Options;

namespace Kaifang.Tests.Storage;

public sealed class FileStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kaifang-filestore", Guid.NewGuid().ToString("N"));
    private readonly FileStore _store;

    public FileStoreTests() => _store = new FileStore(Options.Create(new KaifangOptions { DataDirectory = _dir }));

    [Fact]
    public async Task The_same_content_is_kept_once_under_its_hash()
    {
        var bytes = Encoding.UTF8.GetBytes("年度,最低月薪\n2026,29500\n");
        var first = await _store.SaveAsync(bytes, CancellationToken.None);
        var second = await _store.SaveAsync(bytes, CancellationToken.None);
        Assert.Equal(first, second);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), first.Hash);
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "files"), "*", SearchOption.AllDirectories));
        await using var read = _store.OpenRead(first.Hash);
        using var reader = new StreamReader(read);
        Assert.Equal("年度,最低月薪\n2026,29500\n", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_and_leaves_nothing_behind()
    {
        using var big = new MemoryStream(new byte[10_000]);
        await Assert.ThrowsAsync<FileTooLargeException>(() => _store.SaveAsync(big, 1_000, CancellationToken.None));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "files"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Unfinished_uploads_left_idle_are_removed_and_those_going_on_are_not()
    {
        var kept = await _store.SaveAsync("代碼\n1\n"u8.ToArray(), CancellationToken.None);
        var files = Path.Combine(_dir, "files");
        var abandoned = Path.Combine(files, ".upload-0123456789abcdef0123456789abcdef");
        var goingOn = Path.Combine(files, ".upload-fedcba9876543210fedcba9876543210");
        await File.WriteAllTextAsync(abandoned, "代碼\n1\n2");
        await File.WriteAllTextAsync(goingOn, "代碼\n1\n2\n3");
        var now = DateTimeOffset.UtcNow;
        File.SetLastWriteTimeUtc(abandoned, now.AddMinutes(-11).UtcDateTime);
        File.SetLastWriteTimeUtc(goingOn, now.AddMinutes(-9).UtcDateTime);

        Assert.Equal(1, _store.RemoveAbandonedUploads(now, TimeSpan.FromMinutes(10)));
        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(goingOn));
        Assert.True(_store.Exists(kept.Hash));
    }

    [Fact]
    public void Only_hashes_name_files() => Assert.Throws<ArgumentException>(() => _store.OpenRead("../../etc/passwd"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
