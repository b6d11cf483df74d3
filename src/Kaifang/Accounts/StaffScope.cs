namespace Kaifang.Accounts;

/// What one member of staff may do, and where (ACTION-PLAN S8 tiered delegation): a role at an
/// agency reaches that agency and every agency below it, never a sibling or a parent.
public sealed record StaffScope(Guid UserId, string UserName, StaffRole Role, int AgencyId, IReadOnlySet<int> Agencies)
{
    public bool Reaches(int agencyId) => Role == StaffRole.SystemAdmin || Agencies.Contains(agencyId);

    public bool Can(StaffAction action, int agencyId) => Reaches(agencyId) && Allows(Role, action);

    /// The role part of the rule, independent of agency.
    public static bool Allows(StaffRole role, StaffAction action) => (role, action) switch
    {
        (StaffRole.SystemAdmin, _) => true,
        (StaffRole.AgencyAdmin, _) => action != StaffAction.ManageSystem,
        (StaffRole.DataOfficer, StaffAction.ViewDrafts or StaffAction.EditDataset or StaffAction.PublishDataset or StaffAction.ManageOwnTokens or StaffAction.HandleFeedback or StaffAction.EditInventory or StaffAction.ManageEvents) => true,
        (StaffRole.Reviewer, StaffAction.ViewDrafts or StaffAction.ManageOwnTokens or StaffAction.ReviewInventory) => true,
        _ => false,
    };
}

public enum StaffAction
{
    /// See drafts and withdrawn datasets and their history in the back office.
    ViewDrafts,
    /// Create datasets, change their metadata, add, replace and remove resources.
    EditDataset,
    /// Move a dataset draft → published → withdrawn.
    PublishDataset,
    /// Delete a dataset for good (a draft created by mistake).
    DeleteDataset,
    /// Create and change staff accounts of the agency.
    ManageStaff,
    /// Create API tokens for oneself.
    ManageOwnTokens,
    /// Change the agency tree and system settings.
    ManageSystem,
    /// Answer the public's comments to the agency, assign them to a handler, close them.
    HandleFeedback,
    /// Release comments held as possible spam, or mark them spam; set the agency's default handler.
    ModerateFeedback,
    /// List the agency's data items in an inventory round, edit them, submit them (盤點, ACTION-PLAN S6).
    EditInventory,
    /// Approve the agency's submitted inventory items, or send them back.
    ApproveInventory,
    /// Record a review meeting's decision on an inventory item (審議, ACTION-PLAN S7).
    ReviewInventory,
    /// Open inventory rounds, plan meetings of the advisory and working groups, set their agendas and minutes.
    ManageReview,
    /// Set the agencies' yearly targets and freeze the yearly evaluation (ACTION-PLAN S13–S16): the ministry's administrators.
    ManageTargets,
    /// Create and change the agency's events (說明會, 工作坊), see their registrants and mark attendance (ACTION-PLAN S11).
    ManageEvents,
    /// Approve or reject showcases of reuse that use the agency's datasets (應用展示, ACTION-PLAN S11): agency admins.
    ModerateShowcases,
}
