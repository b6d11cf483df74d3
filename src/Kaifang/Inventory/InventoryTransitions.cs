using Kaifang.Accounts;

namespace Kaifang.Inventory;

/// How an item moves: draft → submitted → agency approved → under review → approved / changes requested /
/// rejected → published, and who may make each move. The table is the whole rule: anything not in it is refused.
public static class InventoryTransitions
{
    public sealed record Transition(InventoryItemState From, InventoryItemState To, StaffAction Needs, TransitionRoute Route, bool NeedsReason);

    public static IReadOnlyList<Transition> All { get; } =
    [
        new(InventoryItemState.Draft, InventoryItemState.Submitted, StaffAction.EditInventory, TransitionRoute.Direct, false),
        // The officer takes a submission back, or the agency admin returns it, before the agency approves.
        new(InventoryItemState.Submitted, InventoryItemState.Draft, StaffAction.EditInventory, TransitionRoute.Direct, true),
        new(InventoryItemState.Submitted, InventoryItemState.AgencyApproved, StaffAction.ApproveInventory, TransitionRoute.Direct, false),
        new(InventoryItemState.AgencyApproved, InventoryItemState.Draft, StaffAction.ApproveInventory, TransitionRoute.Direct, true),
        // Put on, and taken off, a meeting's agenda.
        new(InventoryItemState.AgencyApproved, InventoryItemState.UnderReview, StaffAction.ManageReview, TransitionRoute.Agenda, false),
        new(InventoryItemState.UnderReview, InventoryItemState.AgencyApproved, StaffAction.ManageReview, TransitionRoute.Agenda, false),
        // A meeting's decisions.
        new(InventoryItemState.UnderReview, InventoryItemState.Approved, StaffAction.ReviewInventory, TransitionRoute.Decision, false),
        new(InventoryItemState.UnderReview, InventoryItemState.ChangesRequested, StaffAction.ReviewInventory, TransitionRoute.Decision, true),
        new(InventoryItemState.UnderReview, InventoryItemState.Rejected, StaffAction.ReviewInventory, TransitionRoute.Decision, true),
        // The agency changes the item as asked and sends it again.
        new(InventoryItemState.ChangesRequested, InventoryItemState.Submitted, StaffAction.EditInventory, TransitionRoute.Direct, false),
        new(InventoryItemState.Rejected, InventoryItemState.Draft, StaffAction.ApproveInventory, TransitionRoute.Direct, true),
        // An approved open item becomes a dataset.
        new(InventoryItemState.Approved, InventoryItemState.Published, StaffAction.EditDataset, TransitionRoute.Dataset, false),
    ];

    public static Transition? Find(InventoryItemState from, InventoryItemState to) => All.FirstOrDefault(t => t.From == from && t.To == to);

    /// Whether a role may make the move at all (the agency scope is checked separately).
    public static bool Allows(StaffRole role, InventoryItemState from, InventoryItemState to) =>
        Find(from, to) is { } t && StaffScope.Allows(role, t.Needs);

    /// The states an item may be edited in: before the agency approves it, or when changes are asked for.
    public static bool IsEditable(InventoryItemState state) =>
        state is InventoryItemState.Draft or InventoryItemState.ChangesRequested;
}

/// Where a move is made.
public enum TransitionRoute
{
    /// By itself, from the item's page or the API.
    Direct,
    /// By putting the item on a meeting's agenda or taking it off.
    Agenda,
    /// By a meeting's decision on the item, which must be on its agenda.
    Decision,
    /// By creating the dataset from the item.
    Dataset,
}
