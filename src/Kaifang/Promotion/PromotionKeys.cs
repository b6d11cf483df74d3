using System.Security.Cryptography;
using System.Text;

namespace Kaifang.Promotion;

/// The secret in a registration's cancel link. Only hashes are kept; each message carries a fresh key
/// and the last few stay valid, as with the comments' follow-up keys.
public static class PromotionKeys
{
    private const int Kept = 4;

    public static string Issue(EventRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var hashes = (registration.CancelSecretHash ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).ToList();
        hashes.Add(Hash(key));
        registration.CancelSecretHash = string.Join(';', hashes.TakeLast(Kept));
        return key;
    }

    public static bool Matches(EventRegistration registration, string? key)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (string.IsNullOrWhiteSpace(key) || registration.CancelSecretHash is null)
        {
            return false;
        }
        var hash = Encoding.ASCII.GetBytes(Hash(key.Trim()));
        return registration.CancelSecretHash.Split(';').Any(h => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(h), hash));
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
