using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;

namespace Kaifang.Tests.Infrastructure;

/// Identity's own password hasher, which the test apps ask once per password and answer: PBKDF2 with 100,000 rounds
/// is slow on purpose, and every app of a test run seeds the same fourteen staff accounts with the same password and
/// signs them in again and again. Hashes stay Identity's (its format, its defaults); a password hashed before gets
/// the hash made the first time, and a hash checked against a password before gets the same verdict.
public sealed class RememberingPasswordHasher<TUser>(PasswordHasher<TUser> hasher) : IPasswordHasher<TUser>
    where TUser : class
{
    private static readonly ConcurrentDictionary<string, string> Hashes = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<(string Hash, string Password), PasswordVerificationResult> Verdicts = new();

    public string HashPassword(TUser user, string password) =>
        Hashes.GetOrAdd(password, p => hasher.HashPassword(user, p));

    public PasswordVerificationResult VerifyHashedPassword(TUser user, string hashedPassword, string providedPassword) =>
        Verdicts.GetOrAdd((hashedPassword, providedPassword), key => hasher.VerifyHashedPassword(user, key.Hash, key.Password));
}
