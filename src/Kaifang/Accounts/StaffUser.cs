using Microsoft.AspNetCore.Identity;

namespace Kaifang.Accounts;

/// A member of staff who signs in. Each has one role, scoped to one agency and the agencies below it.
public sealed class StaffUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    public StaffRole Role { get; set; }
    public int AgencyId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum StaffRole
{
    /// Runs the whole installation: every agency, users, settings.
    SystemAdmin = 0,
    /// Approves its agencies' datasets and manages their staff.
    AgencyAdmin = 1,
    /// 承辦人: creates and maintains its agencies' datasets.
    DataOfficer = 2,
    /// Advisory-group reviewer: reads everything in scope, changes nothing in the catalog.
    Reviewer = 3,
}

public static class StaffRoles
{
    public static string Display(StaffRole role, bool english) => (role, english) switch
    {
        (StaffRole.SystemAdmin, false) => "系統管理者",
        (StaffRole.SystemAdmin, true) => "System administrator",
        (StaffRole.AgencyAdmin, false) => "機關管理者",
        (StaffRole.AgencyAdmin, true) => "Agency administrator",
        (StaffRole.DataOfficer, false) => "承辦人",
        (StaffRole.DataOfficer, true) => "Data officer",
        (StaffRole.Reviewer, false) => "審議委員",
        (StaffRole.Reviewer, true) => "Reviewer",
        _ => role.ToString(),
    };
}
