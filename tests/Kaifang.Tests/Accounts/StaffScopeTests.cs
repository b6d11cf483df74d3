using Kaifang.Accounts;
using Kaifang.Agencies;

namespace Kaifang.Tests.Accounts;

public class StaffScopeTests
{
    // MOL (1) ── BLI (2) ── BLI branch office (7)
    //         └─ OSHA (3)
    private static readonly AgencyTree Tree = new(
    [
        new Agency { Id = 1, Code = "MOL", Name = "勞動部", NameEn = "Ministry of Labor", OrganisationCode = "A17000000J" },
        new Agency { Id = 2, Code = "BLI", Name = "勞動部勞工保險局", NameEn = "Bureau of Labor Insurance", OrganisationCode = "A17010000J", ParentId = 1 },
        new Agency { Id = 3, Code = "OSHA", Name = "勞動部職業安全衛生署", NameEn = "OSHA", OrganisationCode = "A17040000J", ParentId = 1 },
        new Agency { Id = 7, Code = "BLI-N", Name = "勞保局北區辦事處", NameEn = "BLI North", OrganisationCode = "A17010100J", ParentId = 2 },
    ]);

    private static StaffScope Scope(StaffRole role, int agency) => new(Guid.NewGuid(), "someone", role, agency, Tree.SelfAndDescendants(agency));

    [Fact]
    public void A_role_reaches_its_agency_and_everything_below_it()
    {
        var bli = Scope(StaffRole.DataOfficer, 2);
        Assert.True(bli.Reaches(2));
        Assert.True(bli.Reaches(7));
        Assert.False(bli.Reaches(1));
        Assert.False(bli.Reaches(3));
    }

    [Fact]
    public void The_ministry_reaches_every_agency_below_it()
    {
        var mol = Scope(StaffRole.AgencyAdmin, 1);
        Assert.All(new[] { 1, 2, 3, 7 }, id => Assert.True(mol.Reaches(id)));
    }

    [Fact]
    public void An_officer_of_BLI_can_never_change_OSHA_data()
    {
        var bli = Scope(StaffRole.DataOfficer, 2);
        Assert.False(bli.Can(StaffAction.EditDataset, 3));
        Assert.False(bli.Can(StaffAction.PublishDataset, 3));
        Assert.False(bli.Can(StaffAction.ViewDrafts, 3));
    }

    [Theory]
    [InlineData(StaffRole.SystemAdmin, StaffAction.ManageSystem, true)]
    [InlineData(StaffRole.AgencyAdmin, StaffAction.ManageSystem, false)]
    [InlineData(StaffRole.AgencyAdmin, StaffAction.ManageStaff, true)]
    [InlineData(StaffRole.AgencyAdmin, StaffAction.DeleteDataset, true)]
    [InlineData(StaffRole.AgencyAdmin, StaffAction.PublishDataset, true)]
    [InlineData(StaffRole.DataOfficer, StaffAction.EditDataset, true)]
    [InlineData(StaffRole.DataOfficer, StaffAction.PublishDataset, true)]
    [InlineData(StaffRole.DataOfficer, StaffAction.DeleteDataset, false)]
    [InlineData(StaffRole.DataOfficer, StaffAction.ManageStaff, false)]
    [InlineData(StaffRole.Reviewer, StaffAction.ViewDrafts, true)]
    [InlineData(StaffRole.Reviewer, StaffAction.EditDataset, false)]
    [InlineData(StaffRole.Reviewer, StaffAction.PublishDataset, false)]
    [InlineData(StaffRole.Reviewer, StaffAction.ManageStaff, false)]
    [InlineData(StaffRole.DataOfficer, StaffAction.EditInventory, true)]
    [InlineData(StaffRole.DataOfficer, StaffAction.ApproveInventory, false)]
    [InlineData(StaffRole.DataOfficer, StaffAction.ReviewInventory, false)]
    [InlineData(StaffRole.DataOfficer, StaffAction.ManageReview, false)]
    [InlineData(StaffRole.AgencyAdmin, StaffAction.ApproveInventory, true)]
    [InlineData(StaffRole.AgencyAdmin, StaffAction.ManageReview, true)]
    [InlineData(StaffRole.Reviewer, StaffAction.ReviewInventory, true)]
    [InlineData(StaffRole.Reviewer, StaffAction.EditInventory, false)]
    [InlineData(StaffRole.Reviewer, StaffAction.ManageReview, false)]
    public void Roles_allow_their_actions_only(StaffRole role, StaffAction action, bool allowed) =>
        Assert.Equal(allowed, StaffScope.Allows(role, action));

    [Fact]
    public void The_system_administrator_reaches_agencies_outside_its_own_subtree()
    {
        var admin = new StaffScope(Guid.NewGuid(), "admin", StaffRole.SystemAdmin, 2, Tree.SelfAndDescendants(2));
        Assert.True(admin.Can(StaffAction.EditDataset, 3));
    }
}
