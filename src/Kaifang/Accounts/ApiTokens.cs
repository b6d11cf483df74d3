using System.Security.Cryptography;
using System.Text;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Accounts;

/// Creates, finds and revokes API tokens. A token is "kf_" and 40 random characters; only its hash is kept.
public sealed class ApiTokens(KaifangDbContext db, TimeProvider time)
{
    public const string TokenPrefix = "kf_";

    public async Task<(ApiToken Token, string Secret)> CreateAsync(Guid userId, string name, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var secret = TokenPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var token = new ApiToken
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Name = name,
            Prefix = secret[..10],
            Hash = Hash(secret),
            CreatedAt = time.GetUtcNow(),
            ExpiresAt = expiresAt,
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return (token, secret);
    }

    /// The user behind an active token, or null. Records when the token was last used.
    public async Task<StaffUser?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(TokenPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return null;
        }
        var hash = Hash(secret);
        var token = await db.ApiTokens.Include(t => t.User).FirstOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        var now = time.GetUtcNow();
        if (token is null || !token.IsActive(now) || token.User is null)
        {
            return null;
        }
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        return token.User;
    }

    public async Task<bool> RevokeAsync(Guid userId, Guid tokenId, CancellationToken cancellationToken)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken);
        if (token is null || token.RevokedAt is not null)
        {
            return false;
        }
        token.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
