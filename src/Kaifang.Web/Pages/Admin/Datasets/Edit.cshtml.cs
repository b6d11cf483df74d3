using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Auditing;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin.Datasets;

/// One dataset in the back office: its metadata form, resources, status and history.
public sealed class EditModel(
    AgencyDirectory agencies,
    KaifangDbContext db,
    UpdateDataset update,
    ChangeDatasetStatus changeStatus,
    AddResource addResource,
    RemoveResource removeResource,
    ReplaceResourceFile replaceResourceFile,
    DeleteDataset deleteDataset,
    Kaifang.Quality.RaiseStars raiseStars,
    Kaifang.Datastore.DatastoreDatabase datastore,
    Kaifang.Datastore.DraftDatastore draftDatastore) : StaffPageModel(agencies)
{
    [BindProperty]
    public DatasetForm Form { get; set; } = new();

    [BindProperty]
    public ResourceForm NewResource { get; set; } = new();

    public Dataset Dataset { get; private set; } = null!;
    public List<AuditEntry> History { get; private set; } = [];
    public ValidationErrors? Errors { get; private set; }
    public ValidationErrors? ResourceErrors { get; private set; }
    public ValidationErrors? StatusErrors { get; private set; }

    /// The DataStore tables of this dataset's resources (the drafts' file for a draft), by resource.
    public Dictionary<Guid, Kaifang.Datastore.DatastoreTable> DatastoreTables { get; private set; } = [];

    /// Why a resource's current file could not be loaded into the DataStore, by resource.
    public Dictionary<Guid, Kaifang.Datastore.DatastoreFailure> DatastoreFailures { get; private set; } = [];

    /// The source a harvested dataset comes from; such a dataset is changed there, not here.
    public Interop.Harvesting.HarvestSource? HarvestSource { get; private set; }

    public bool CanEdit => !Dataset.IsHarvested && Staff.Can(StaffAction.EditDataset, Dataset.AgencyId);
    public bool CanPublish => !Dataset.IsHarvested && Staff.Can(StaffAction.PublishDataset, Dataset.AgencyId);
    public bool CanDelete => !Dataset.IsHarvested && Staff.Can(StaffAction.DeleteDataset, Dataset.AgencyId) && Dataset.Status == DatasetStatus.Draft && Dataset.FirstPublishedAt is null;
    public DatasetFormView View => new(Form, Errors, [.. EditableAgencies()]);

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }
        Form = DatasetForm.From(DatasetInput.From(Dataset, Tree.Find(Dataset.AgencyId)!.Code));
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string name, CancellationToken ct)
    {
        var result = await update.ExecuteAsync(Staff, name, Form.ToInput(), ct);
        return await AfterAsync(name, result, T("已儲存變更。", "Changes saved."), $"/admin/datasets/{name}", errors => Errors = errors, ct);
    }

    public async Task<IActionResult> OnPostStatusAsync(string name, DatasetStatus to, CancellationToken ct)
    {
        var result = await changeStatus.ExecuteAsync(Staff, name, to, ct);
        return await AfterAsync(name, result, to == DatasetStatus.Published ? T("資料集已上架。", "The dataset is published.") : T("資料集已下架。", "The dataset is withdrawn."), $"/admin/datasets/{name}", errors => StatusErrors = errors, ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(string name, CancellationToken ct)
    {
        var result = await deleteDataset.ExecuteAsync(Staff, name, ct);
        if (result.Succeeded)
        {
            return Redirect("/admin/datasets");
        }
        return await FailedAsync(name, result.Outcome, () => StatusErrors = result.Errors, ct);
    }

    public async Task<IActionResult> OnPostAddResourceAsync(string name, IFormFile? file, CancellationToken ct)
    {
        var input = NewResource.ToInput(file);
        CatalogResult<Resource> result;
        if (file is { Length: > 0 })
        {
            await using var stream = file.OpenReadStream();
            result = await addResource.ExecuteAsync(Staff, name, input, new UploadedFile(file.FileName, file.ContentType, stream), ct);
        }
        else
        {
            result = await addResource.ExecuteAsync(Staff, name, input, null, ct);
        }
        return await AfterAsync(name, result, T("已新增資料資源。", "Resource added."), $"/admin/datasets/{name}#resources", errors => ResourceErrors = errors, ct);
    }

    public async Task<IActionResult> OnPostReplaceResourceAsync(string name, Guid resourceId, IFormFile? replacement, CancellationToken ct)
    {
        if (replacement is not { Length: > 0 })
        {
            return await FailedAsync(name, CatalogOutcome.Invalid, () =>
            {
                ResourceErrors = new ValidationErrors();
                ResourceErrors.Add("file", "請選擇要替換的檔案。", "Choose the new file.");
            }, ct);
        }
        await using var stream = replacement.OpenReadStream();
        var result = await replaceResourceFile.ExecuteAsync(Staff, name, resourceId, new UploadedFile(replacement.FileName, replacement.ContentType, stream), ct);
        return await AfterAsync(name, result, T("已替換檔案。", "File replaced."), $"/admin/datasets/{name}#resources", errors => ResourceErrors = errors, ct);
    }

    /// Adds a CSV copy of a spreadsheet or an RDF rendering of a table, which then follows its source.
    public async Task<IActionResult> OnPostDeriveAsync(string name, Guid resourceId, string derivation, CancellationToken ct)
    {
        var result = await raiseStars.AddAsync(Staff, name, resourceId, derivation, ct);
        if (result.Outcome == CatalogOutcome.Conflict)
        {
            TempData["Message"] = string.Join(" ", result.Errors!.ToDictionary(IsEnglish).Values.SelectMany(v => v));
            return Redirect($"/admin/datasets/{name}#resources");
        }
        return await AfterAsync(name, result, derivation == Kaifang.Quality.RaiseStars.Csv ? T("已轉出 CSV，會隨來源更新。", "CSV copy added; it follows its source.")
            : T("已轉為 RDF，會隨來源更新。", "RDF rendering added; it follows its source."), $"/admin/datasets/{name}#resources", errors => ResourceErrors = errors, ct);
    }

    public async Task<IActionResult> OnPostRemoveResourceAsync(string name, Guid resourceId, CancellationToken ct)
    {
        var result = await removeResource.ExecuteAsync(Staff, name, resourceId, ct);
        return await AfterAsync(name, result, T("已移除資料資源。", "Resource removed."), $"/admin/datasets/{name}#resources", errors => ResourceErrors = errors, ct);
    }

    /// A change that worked shows its message on the reloaded page; one that did not keeps its errors.
    private async Task<IActionResult> AfterAsync<T>(string name, CatalogResult<T> result, string message, string target, Action<ValidationErrors?> keepErrors, CancellationToken ct)
    {
        if (result.Succeeded)
        {
            TempData["Message"] = message;
            return Redirect(target);
        }
        return await FailedAsync(name, result.Outcome, () => keepErrors(result.Errors), ct);
    }

    private async Task<IActionResult> FailedAsync(string name, CatalogOutcome outcome, Action keepErrors, CancellationToken ct)
    {
        if (outcome == CatalogOutcome.Forbidden)
        {
            return Forbid();
        }
        // Reload what is saved: the failed change left the dataset exactly as it was.
        db.ChangeTracker.Clear();
        if (outcome == CatalogOutcome.NotFound || !await LoadAsync(name, ct))
        {
            return NotFound();
        }
        keepErrors();
        if (Errors is null)
        {
            Form = DatasetForm.From(DatasetInput.From(Dataset, Tree.Find(Dataset.AgencyId)!.Code));
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(string name, CancellationToken ct)
    {
        var dataset = await db.Datasets.AsNoTracking().Include(d => d.Resources).FirstOrDefaultAsync(d => d.Name == name, ct);
        if (dataset is null || !Staff.Can(StaffAction.ViewDrafts, dataset.AgencyId))
        {
            return false;
        }
        Dataset = dataset;
        HarvestSource = dataset.HarvestSourceId is { } sourceId ? await db.HarvestSources.AsNoTracking().FirstOrDefaultAsync(h => h.Id == sourceId, ct) : null;
        History = await db.AuditEntries.AsNoTracking().Where(e => e.DatasetId == dataset.Id).OrderByDescending(e => e.Id).Take(200).ToListAsync(ct);
        if (dataset.Status is DatasetStatus.Published or DatasetStatus.Draft)
        {
            using var connection = (dataset.Status == DatasetStatus.Draft ? draftDatastore.Database : datastore).OpenRead();
            DatastoreTables = Kaifang.Datastore.DatastoreDatabase.ReadTables(connection, dataset.Id).ToDictionary(t => t.ResourceId);
            DatastoreFailures = Kaifang.Datastore.DatastoreDatabase.ReadFailures(connection, dataset.Id)
                .Where(f => dataset.Resources.Any(r => r.Id == f.ResourceId && r.FileHash == f.SourceHash)).ToDictionary(f => f.ResourceId);
        }
        return true;
    }
}

public sealed class ResourceForm
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Format { get; set; }
    public string? Encoding { get; set; }
    public string? Url { get; set; }

    public ResourceInput ToInput(IFormFile? file) => new()
    {
        Name = string.IsNullOrWhiteSpace(Name) && file is not null ? Path.GetFileNameWithoutExtension(file.FileName) : Name,
        Description = Description,
        Format = Format,
        Encoding = Encoding,
        Url = Url,
    };
}
