using System.Security.Cryptography;
using System.Text;

namespace Kaifang.Feedback;

/// The secret that lets a commenter answer their own thread without an account. Only hashes are
/// kept; every message to the commenter carries a fresh key, and the last few stay valid.
public static class FollowUpKeys
{
    private const int Kept = 8;

    /// The longest stored value: the last <see cref="Kept"/> hashes (64 hexadecimal digits each), separated by ';'.
    public const int StoredLength = Kept * 65 - 1;

    public static string Issue(Comment comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        var key = Base64Url(RandomNumberGenerator.GetBytes(18));
        var hashes = (comment.FollowUpSecretHash ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).ToList();
        hashes.Add(Hash(key));
        comment.FollowUpSecretHash = string.Join(';', hashes.TakeLast(Kept));
        return key;
    }

    public static bool Matches(Comment comment, string? key)
    {
        ArgumentNullException.ThrowIfNull(comment);
        if (string.IsNullOrWhiteSpace(key) || comment.FollowUpSecretHash is null)
        {
            return false;
        }
        var hash = Encoding.ASCII.GetBytes(Hash(key.Trim()));
        return comment.FollowUpSecretHash.Split(';').Any(h => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(h), hash));
    }

    /// A one-way hash of a network address: the same sender is recognised for rate limits, the address itself is not kept.
    public static string SenderHash(string address) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("kaifang-feedback-sender:" + address)));

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
