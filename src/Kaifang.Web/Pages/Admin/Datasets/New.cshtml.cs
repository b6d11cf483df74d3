using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Microsoft.AspNetCore.Mvc;

namespace Kaifang.Web.Pages.Admin.Datasets;

public sealed class NewModel(AgencyDirectory agencies, CreateDataset create) : StaffPageModel(agencies)
{
    [BindProperty]
    public DatasetForm Form { get; set; } = new();

    public ValidationErrors? Errors { get; private set; }

    public DatasetFormView View => new(Form, Errors, [.. EditableAgencies()]);

    public IActionResult OnGet()
    {
        if (!Staff.Can(StaffAction.EditDataset, Staff.AgencyId))
        {
            return Forbid();
        }
        Form = new DatasetForm
        {
            Agency = Tree.Find(Staff.AgencyId)?.Code,
            UpdateFrequency = "不定期更新",
            License = Licenses.OpenGovernmentDataV1,
            Fee = "免費",
            ServiceCategory = "500",
            ProvisionType = ProvisionTypes.Raw,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await create.ExecuteAsync(Staff, Form.ToInput(), ct);
        switch (result.Outcome)
        {
            case CatalogOutcome.Ok:
                TempData["Message"] = Localization.Lang.T("已建立草稿，請新增資料資源。", "Draft saved; now add its resources.");
                return Redirect($"/admin/datasets/{result.Value!.Name}");
            case CatalogOutcome.Forbidden:
                return Forbid();
            default:
                Errors = result.Errors;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
        }
    }
}
