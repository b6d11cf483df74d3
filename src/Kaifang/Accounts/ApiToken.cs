namespace Kaifang.Accounts;

/// A token a member of staff creates for machines. Only its SHA-256 hash is stored;
/// the token itself is shown once, when it is created.
public sealed class ApiToken
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public StaffUser? User { get; set; }
    public required string Name { get; set; }

    /// The first characters of the token, shown in lists so staff can tell tokens apart.
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
