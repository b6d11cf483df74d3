using System.Globalization;
using System.Security.Claims;
using Kaifang.Accounts;
using Kaifang.Agencies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Kaifang.Web.Authentication;

/// Puts the staff member's role and agency into the sign-in principal, for cookies and API tokens alike.
public sealed class StaffClaimsPrincipalFactory(
    UserManager<StaffUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(StaffClaims.Role, user.Role.ToString()));
        identity.AddClaim(new Claim(StaffClaims.Agency, user.AgencyId.ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(StaffClaims.DisplayName, user.DisplayName));
        return identity;
    }
}

public static class StaffClaims
{
    public const string Role = "kaifang:role";
    public const string Agency = "kaifang:agency";
    public const string DisplayName = "kaifang:name";

    /// The scope of the signed-in staff member, or null for an anonymous visitor.
    public static StaffScope? Scope(this ClaimsPrincipal principal, AgencyTree tree)
    {
        if (principal.Identity?.IsAuthenticated != true
            || !Enum.TryParse<StaffRole>(principal.FindFirstValue(Role), out var role)
            || !int.TryParse(principal.FindFirstValue(Agency), CultureInfo.InvariantCulture, out var agency)
            || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return null;
        }
        return new StaffScope(userId, principal.Identity.Name ?? "", role, agency, tree.SelfAndDescendants(agency));
    }

    public static string? DisplayNameOf(this ClaimsPrincipal principal) => principal.FindFirstValue(DisplayName) ?? principal.Identity?.Name;
}
