using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Kaifang.Accounts;

/// Creates staff accounts; used by the first-start seed, the CLI and the admin pages.
public sealed class StaffAccounts(UserManager<StaffUser> users, TimeProvider time)
{
    public async Task<StaffAccountResult> CreateAsync(string userName, string displayName, StaffRole role, int agencyId, string? email, string? password)
    {
        var generated = password is null;
        password ??= GeneratePassword();
        var user = new StaffUser
        {
            UserName = userName,
            Email = email,
            EmailConfirmed = email is not null,
            DisplayName = displayName,
            Role = role,
            AgencyId = agencyId,
            CreatedAt = time.GetUtcNow(),
        };
        var result = await users.CreateAsync(user, password);
        return result.Succeeded
            ? new StaffAccountResult(user, generated ? password : null, [])
            : new StaffAccountResult(null, null, [.. result.Errors.Select(e => e.Description)]);
    }

    /// A random password that meets the Identity rules: letters of both cases, digits and a symbol.
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var chars = new char[16];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }
        return $"{new string(chars)}-a1A";
    }
}

public sealed record StaffAccountResult(StaffUser? User, string? GeneratedPassword, IReadOnlyList<string> Errors)
{
    public bool Succeeded => User is not null;
}
