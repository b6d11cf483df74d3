using Kaifang.Accounts;
using Kaifang.Inventory;

namespace Kaifang.Tests.Inventory;

/// Every move between two states, for every role: the allowed ones listed here, every other one refused.
public sealed class InventoryTransitionsTests
{
    private const StaffRole Sys = StaffRole.SystemAdmin, Admin = StaffRole.AgencyAdmin, Officer = StaffRole.DataOfficer, Reviewer = StaffRole.Reviewer;

    /// The rule as the issue states it, written out independently of the code's table.
    private static readonly Dictionary<(InventoryItemState, InventoryItemState), StaffRole[]> Allowed = new()
    {
        [(InventoryItemState.Draft, InventoryItemState.Submitted)] = [Sys, Admin, Officer],
        [(InventoryItemState.Submitted, InventoryItemState.Draft)] = [Sys, Admin, Officer],
        [(InventoryItemState.Submitted, InventoryItemState.AgencyApproved)] = [Sys, Admin],
        [(InventoryItemState.AgencyApproved, InventoryItemState.Draft)] = [Sys, Admin],
        [(InventoryItemState.AgencyApproved, InventoryItemState.UnderReview)] = [Sys, Admin],
        [(InventoryItemState.UnderReview, InventoryItemState.AgencyApproved)] = [Sys, Admin],
        [(InventoryItemState.UnderReview, InventoryItemState.Approved)] = [Sys, Admin, Reviewer],
        [(InventoryItemState.UnderReview, InventoryItemState.ChangesRequested)] = [Sys, Admin, Reviewer],
        [(InventoryItemState.UnderReview, InventoryItemState.Rejected)] = [Sys, Admin, Reviewer],
        [(InventoryItemState.ChangesRequested, InventoryItemState.Submitted)] = [Sys, Admin, Officer],
        [(InventoryItemState.Rejected, InventoryItemState.Draft)] = [Sys, Admin],
        [(InventoryItemState.Approved, InventoryItemState.Published)] = [Sys, Admin, Officer],
    };

    public static TheoryData<StaffRole, InventoryItemState, InventoryItemState, bool> EveryMove()
    {
        var data = new TheoryData<StaffRole, InventoryItemState, InventoryItemState, bool>();
        foreach (var role in Enum.GetValues<StaffRole>())
        {
            foreach (var from in Enum.GetValues<InventoryItemState>())
            {
                foreach (var to in Enum.GetValues<InventoryItemState>())
                {
                    data.Add(role, from, to, Allowed.TryGetValue((from, to), out var roles) && roles.Contains(role));
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryMove))]
    public void Each_role_makes_exactly_the_moves_the_rule_allows(StaffRole role, InventoryItemState from, InventoryItemState to, bool allowed) =>
        Assert.Equal(allowed, InventoryTransitions.Allows(role, from, to));

    [Theory]
    [InlineData(InventoryItemState.AgencyApproved, InventoryItemState.UnderReview, TransitionRoute.Agenda)]
    [InlineData(InventoryItemState.UnderReview, InventoryItemState.Approved, TransitionRoute.Decision)]
    [InlineData(InventoryItemState.UnderReview, InventoryItemState.Rejected, TransitionRoute.Decision)]
    [InlineData(InventoryItemState.Approved, InventoryItemState.Published, TransitionRoute.Dataset)]
    [InlineData(InventoryItemState.Draft, InventoryItemState.Submitted, TransitionRoute.Direct)]
    public void Review_outcomes_come_only_from_meetings_and_publishing_only_from_the_dataset(InventoryItemState from, InventoryItemState to, TransitionRoute route) =>
        Assert.Equal(route, InventoryTransitions.Find(from, to)!.Route);

    [Fact]
    public void Going_back_or_refusing_needs_a_reason()
    {
        Assert.True(InventoryTransitions.Find(InventoryItemState.Submitted, InventoryItemState.Draft)!.NeedsReason);
        Assert.True(InventoryTransitions.Find(InventoryItemState.UnderReview, InventoryItemState.Rejected)!.NeedsReason);
        Assert.True(InventoryTransitions.Find(InventoryItemState.UnderReview, InventoryItemState.ChangesRequested)!.NeedsReason);
        Assert.False(InventoryTransitions.Find(InventoryItemState.UnderReview, InventoryItemState.Approved)!.NeedsReason);
    }

    [Fact]
    public void Only_drafts_and_items_with_changes_requested_can_be_edited() =>
        Assert.Equal([InventoryItemState.Draft, InventoryItemState.ChangesRequested], Enum.GetValues<InventoryItemState>().Where(InventoryTransitions.IsEditable));
}
