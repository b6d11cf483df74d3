using System.Text.Json.Nodes;
using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Interop.Ckan;
using Kaifang.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Api.Ckan;

/// The write actions. They run the same use cases as the admin pages and the native API, so the
/// same roles, agency scope, validation and history apply; a refused call changes nothing.
public static class CkanWriteActions
{
    /// Top-level keys of a package dict: what package_show writes (read-only ones are ignored when
    /// sent back) and the extras keys, which may also come at the top level. Anything else is refused.
    private static readonly HashSet<string> PackageKeys = new(StringComparer.Ordinal)
    {
        "id", "name", "title", "notes", "url", "version", "author", "author_email", "maintainer", "maintainer_email",
        "license_id", "license_title", "license_url", "isopen", "metadata_created", "metadata_modified", "owner_org",
        "organization", "private", "state", "type", "creator_user_id", "num_tags", "tags", "tag_string", "groups", "extras",
        "num_resources", "resources", "relationships_as_object", "relationships_as_subject", "kaifang_url",
    };

    private static readonly HashSet<string> ResourceKeys = new(StringComparer.Ordinal)
    {
        "id", "package_id", "identifier", "url", "name", "description", "format", "mimetype", "encoding", "size", "hash", "created",
        "last_modified", "metadata_modified", "position", "url_type", "datastore_active", "state", "upload", "mimetype_inner",
        "cache_url", "cache_last_updated", "resource_type",
    };

    public static async Task<JsonNode?> PackageCreateAsync(CkanCall call)
    {
        var staff = call.RequireStaff();
        var reader = new CkanPackageReader();
        RefuseUnknownKeys(call.Data, PackageKeys, CkanExtras.All, reader);
        var input = ReadPackage(call, reader, call.Data, fallbackAgency: staff.AgencyId);
        // Who may not create datasets in the organization is refused before the package is judged.
        if (!StaffScope.Allows(staff.Role, StaffAction.EditDataset)
            || (input.Agency is { } code && call.Service<AgencyDirectory>().Tree.FindByCode(code) is { } org && !staff.Can(StaffAction.EditDataset, org.Id)))
        {
            throw CkanException.Forbidden($"User {staff.UserName} may not create datasets in {input.Agency}.");
        }
        var resources = reader.ReadResources(call.Data) ?? [];
        var options = call.Service<Microsoft.Extensions.Options.IOptions<KaifangOptions>>().Value;
        foreach (var (_, resource) in resources)
        {
            reader.AddErrors(ResourceRules.Validate(resource, null, options), call.English);
        }
        // CKAN creates active, public datasets unless told otherwise.
        var publish = WantsPublished(call.Data) ?? true;
        ThrowIfInvalid(reader);

        var created = Check(await call.Service<CreateDataset>().ExecuteAsync(staff, input, call.Aborted, call.Text("name")), call, reader);
        foreach (var (_, resource) in resources)
        {
            Check(await call.Service<AddResource>().ExecuteAsync(staff, created.Name, resource, null, call.Aborted), call, reader);
        }
        if (publish && staff.Can(StaffAction.PublishDataset, created.AgencyId) && resources.Count > 0)
        {
            Check(await call.Service<ChangeDatasetStatus>().ExecuteAsync(staff, created.Name, DatasetStatus.Published, call.Aborted), call, reader);
        }
        return CkanReadActions.Package(call, await CkanReadActions.FindVisibleDatasetAsync(call, created.Name));
    }

    public static async Task<JsonNode?> PackageUpdateAsync(CkanCall call)
    {
        var staff = call.RequireStaff();
        var existing = await CkanReadActions.FindVisibleDatasetAsync(call, call.Required("id"));
        var reader = new CkanPackageReader();
        RefuseUnknownKeys(call.Data, PackageKeys, CkanExtras.All, reader);
        return await UpdateAsync(call, staff, existing, call.Data, reader);
    }

    public static async Task<JsonNode?> PackagePatchAsync(CkanCall call)
    {
        var staff = call.RequireStaff();
        var existing = await CkanReadActions.FindVisibleDatasetAsync(call, call.Required("id"));
        var reader = new CkanPackageReader();
        RefuseUnknownKeys(call.Data, PackageKeys, CkanExtras.All, reader);
        // The dataset as package_show has it, with the given fields put over it.
        var merged = CkanReadActions.Package(call, existing);
        foreach (var (key, value) in call.Data)
        {
            merged[key] = value?.DeepClone();
        }
        // An extra given at the top level replaces the one in extras.
        if (merged["extras"] is JsonArray extras)
        {
            foreach (var item in extras.OfType<JsonObject>().Where(e => e["key"]?.GetValue<string>() is { } k && call.Data.ContainsKey(k)).ToList())
            {
                extras.Remove(item);
            }
        }
        return await UpdateAsync(call, staff, existing, merged, reader);
    }

    public static async Task<JsonNode?> PackageDeleteAsync(CkanCall call)
    {
        var staff = call.RequireStaff();
        var dataset = await CkanReadActions.FindVisibleDatasetAsync(call, call.Required("id"));
        var reader = new CkanPackageReader();
        if (dataset.FirstPublishedAt is null && dataset.Status == DatasetStatus.Draft)
        {
            Check(await call.Service<DeleteDataset>().ExecuteAsync(staff, dataset.Name, call.Aborted), call, reader);
        }
        else if (dataset.Status == DatasetStatus.Published)
        {
            // A dataset people may have used is withdrawn, never erased: its address and history stay.
            Check(await call.Service<ChangeDatasetStatus>().ExecuteAsync(staff, dataset.Name, DatasetStatus.Withdrawn, call.Aborted), call, reader);
        }
        return null;
    }

    public static async Task<JsonNode?> ResourceCreateAsync(CkanCall call)
    {
        var staff = call.RequireStaff();
        var dataset = await CkanReadActions.FindVisibleDatasetAsync(call, call.Required("package_id"));
        var reader = new CkanPackageReader();
        RefuseUnknownKeys(call.Data, ResourceKeys, new HashSet<string>(), reader);
        var input = reader.ReadResource(call.Data);
        var upload = call.File("upload");
        if (upload is not null && string.IsNullOrWhiteSpace(input.Name))
        {
            input = input with { Name = Path.GetFileNameWithoutExtension(upload.FileName) };
        }
        else if (string.IsNullOrWhiteSpace(input.Name) && input.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            input = input with { Name = Path.GetFileName(uri.AbsolutePath) is { Length: > 0 } file ? file : uri.Host };
        }
        ThrowIfInvalid(reader);
        Resource resource;
        if (upload is not null)
        {
            await using var stream = upload.OpenReadStream();
            resource = Check(await call.Service<AddResource>().ExecuteAsync(staff, dataset.Name, input, new UploadedFile(upload.FileName, upload.ContentType, stream), call.Aborted), call, reader);
        }
        else
        {
            resource = Check(await call.Service<AddResource>().ExecuteAsync(staff, dataset.Name, input, null, call.Aborted), call, reader);
        }
        return await ResourceAsync(call, resource.Id);
    }

    public static async Task<JsonNode?> ResourceUpdateAsync(CkanCall call)
    {
        var staff = call.RequireStaff();
        var (dataset, resource) = await CkanReadActions.FindVisibleResourceAsync(call, call.Required("id"));
        var reader = new CkanPackageReader();
        RefuseUnknownKeys(call.Data, ResourceKeys, new HashSet<string>(), reader);
        return await UpdateResourceAsync(call, staff, dataset, resource.Id, reader.ReadResource(call.Data), reader);
    }

    public static async Task<JsonNode?> ResourcePatchAsync(CkanCall call)
    {
        var staff = call.RequireStaff();
        var (dataset, resource) = await CkanReadActions.FindVisibleResourceAsync(call, call.Required("id"));
        var reader = new CkanPackageReader();
        RefuseUnknownKeys(call.Data, ResourceKeys, new HashSet<string>(), reader);
        var merged = CkanFormat.Resource(dataset, resource, 0, call.BaseUrl);
        foreach (var (key, value) in call.Data)
        {
            merged[key] = value?.DeepClone();
        }
        return await UpdateResourceAsync(call, staff, dataset, resource.Id, reader.ReadResource(merged), reader);
    }

    public static async Task<JsonNode?> ResourceDeleteAsync(CkanCall call)
    {
        var staff = call.RequireStaff();
        var (dataset, resource) = await CkanReadActions.FindVisibleResourceAsync(call, call.Required("id"));
        Check(await call.Service<RemoveResource>().ExecuteAsync(staff, dataset.Name, resource.Id, call.Aborted), call, new CkanPackageReader());
        return null;
    }

    /// CKAN's capacities in an organization, as Kaifang's roles in an agency.
    private static readonly Dictionary<string, StaffRole> Capacities = new(StringComparer.OrdinalIgnoreCase)
    {
        ["admin"] = StaffRole.AgencyAdmin,
        ["editor"] = StaffRole.DataOfficer,
        ["member"] = StaffRole.Reviewer,
    };

    public static async Task<JsonNode?> OrganizationMemberCreateAsync(CkanCall call)
    {
        var staff = call.RequireStaff();
        var orgKey = call.Required("id");
        var userName = call.Required("username");
        var capacity = call.Required("role");
        var agency = call.Service<AgencyDirectory>().Tree.FindByCodeOrOrganisationCode(orgKey)
            ?? throw CkanException.NotFound($"There is no organization '{orgKey}'.");
        if (!Capacities.TryGetValue(capacity, out var role))
        {
            throw CkanException.Validation("role", $"Role '{capacity}' is not one of admin, editor, member.");
        }
        var users = call.Service<UserManager<StaffUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw CkanException.NotFound($"There is no user '{userName}'.");
        // The caller must manage staff both where the account is and where it goes.
        if (!staff.Can(StaffAction.ManageStaff, agency.Id) || !staff.Can(StaffAction.ManageStaff, user.AgencyId) || user.Role == StaffRole.SystemAdmin)
        {
            throw CkanException.Forbidden($"User {staff.UserName} may not manage the members of {CkanFormat.OrganizationName(agency)}.");
        }
        user.AgencyId = agency.Id;
        user.Role = role;
        var saved = await users.UpdateAsync(user);
        if (!saved.Succeeded)
        {
            throw CkanException.Validation("username", string.Join(" ", saved.Errors.Select(e => e.Description)));
        }
        return new JsonObject
        {
            ["id"] = $"{agency.OrganisationCode}:{user.Id}",
            ["table_name"] = "user",
            ["table_id"] = user.Id.ToString(),
            ["capacity"] = capacity.ToLowerInvariant(),
            ["group_id"] = CkanFormat.OrganizationId(agency),
            ["state"] = "active",
        };
    }

    private static async Task<JsonNode?> UpdateAsync(CkanCall call, StaffScope staff, Dataset existing, JsonObject package, CkanPackageReader reader)
    {
        // Who may not edit the dataset (a reviewer; anyone else, for a published one of another agency) is refused before the package is judged.
        if (!staff.Can(StaffAction.EditDataset, existing.AgencyId))
        {
            throw CkanException.Forbidden($"User {staff.UserName} may not change {existing.Name}.");
        }
        var input = ReadPackage(call, reader, package, fallbackAgency: existing.AgencyId);
        var resources = reader.ReadResources(package);
        // Only what the caller sent moves the status (a patch's merged dict echoes the current one).
        var publish = WantsPublished(call.Data);
        var options = call.Service<Microsoft.Extensions.Options.IOptions<KaifangOptions>>().Value;
        var current = existing.Resources.ToDictionary(r => r.Id);
        foreach (var (id, resource) in resources ?? [])
        {
            if (id is Guid known && !current.ContainsKey(known))
            {
                reader.AddError("resources", $"Resource {known} does not belong to this dataset.");
                continue;
            }
            var keepsFile = id is Guid k && current[k].IsUpload;
            reader.AddErrors(ResourceRules.Validate(resource, null, options, keepsFile), call.English);
        }
        ThrowIfInvalid(reader);

        var name = existing.Name;
        Check(await call.Service<UpdateDataset>().ExecuteAsync(staff, name, input, call.Aborted), call, reader);
        if (resources is not null)
        {
            var kept = resources.Where(r => r.Id is not null).Select(r => r.Id!.Value).ToHashSet();
            foreach (var (id, resource) in resources)
            {
                if (id is Guid resourceId)
                {
                    Check(await call.Service<UpdateResource>().ExecuteAsync(staff, name, resourceId, resource, null, DownloadUrl(call), call.Aborted), call, reader);
                }
                else
                {
                    Check(await call.Service<AddResource>().ExecuteAsync(staff, name, resource, null, call.Aborted), call, reader);
                }
            }
            foreach (var gone in current.Keys.Where(id => !kept.Contains(id)))
            {
                Check(await call.Service<RemoveResource>().ExecuteAsync(staff, name, gone, call.Aborted), call, reader);
            }
        }
        if (publish is { } wanted)
        {
            var to = wanted ? DatasetStatus.Published : existing.Status == DatasetStatus.Published ? DatasetStatus.Withdrawn : existing.Status;
            if (to != existing.Status)
            {
                Check(await call.Service<ChangeDatasetStatus>().ExecuteAsync(staff, name, to, call.Aborted), call, reader);
            }
        }
        return CkanReadActions.Package(call, await CkanReadActions.FindVisibleDatasetAsync(call, name));
    }

    private static async Task<JsonNode?> UpdateResourceAsync(CkanCall call, StaffScope staff, Dataset dataset, Guid resourceId, ResourceInput input, CkanPackageReader reader)
    {
        ThrowIfInvalid(reader);
        var upload = call.File("upload");
        Resource resource;
        if (upload is not null)
        {
            await using var stream = upload.OpenReadStream();
            resource = Check(await call.Service<UpdateResource>().ExecuteAsync(staff, dataset.Name, resourceId, input,
                new UploadedFile(upload.FileName, upload.ContentType, stream), DownloadUrl(call), call.Aborted), call, reader);
        }
        else
        {
            resource = Check(await call.Service<UpdateResource>().ExecuteAsync(staff, dataset.Name, resourceId, input, null, DownloadUrl(call), call.Aborted), call, reader);
        }
        return await ResourceAsync(call, resource.Id);
    }

    private static Func<Dataset, Resource, string> DownloadUrl(CkanCall call) => (d, r) => ResourceLinks.DownloadUrl(call.BaseUrl, d, r);

    private static async Task<JsonNode?> ResourceAsync(CkanCall call, Guid id)
    {
        var (dataset, resource) = await CkanReadActions.FindVisibleResourceAsync(call, id.ToString());
        var position = dataset.Resources.OrderBy(r => r.Position).ToList().IndexOf(resource);
        return CkanFormat.Resource(dataset, resource, position, call.BaseUrl, CkanReadActions.DatastoreActive(call, [dataset]));
    }

    /// The package dict as Kaifang input, checked; owner_org (a name or id) becomes the agency's code.
    private static DatasetInput ReadPackage(CkanCall call, CkanPackageReader reader, JsonObject package, int fallbackAgency)
    {
        var input = reader.ReadDataset(package);
        var tree = call.Service<AgencyDirectory>().Tree;
        var org = input.Agency is null ? tree.Find(fallbackAgency) : tree.FindByCodeOrOrganisationCode(input.Agency);
        if (org is null)
        {
            reader.AddError("owner_org", $"Organization does not exist: '{input.Agency}'.");
        }
        var extras = reader.ReadExtras(package);
        var unknownExtras = extras.Where(e => !CkanExtras.All.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var read = input with { Agency = org?.Code, ExtraFields = unknownExtras };
        // Reported together with the dict's other problems, so one answer says everything to fix.
        reader.AddErrors(read.Validate(), call.English);
        return read;
    }

    /// True to publish, false to make private, null to leave the status as it is (neither given).
    private static bool? WantsPublished(JsonObject package)
    {
        var reader = new CkanPackageReader();
        var state = reader.Text(package, "state")?.ToLowerInvariant();
        var isPrivate = reader.Text(package, "private")?.ToLowerInvariant();
        if (state is "draft" || isPrivate is "true")
        {
            return false;
        }
        if (state is "active" || isPrivate is "false")
        {
            return true;
        }
        return null;
    }

    private static void RefuseUnknownKeys(JsonObject dict, HashSet<string> known, IReadOnlySet<string> alsoKnown, CkanPackageReader reader)
    {
        foreach (var key in dict.Select(kv => kv.Key))
        {
            if (!known.Contains(key) && !alsoKnown.Contains(key))
            {
                reader.AddError(key, $"Unknown field '{key}'; nothing was saved. Extra fields go in extras as {{\"key\": …, \"value\": …}}.");
            }
        }
    }

    private static void ThrowIfInvalid(CkanPackageReader reader)
    {
        if (!reader.IsValid)
        {
            throw CkanException.Validation(reader.Errors);
        }
    }

    /// A use case's outcome as CKAN's answer: the value, or the error with Kaifang's field names in CKAN's terms.
    private static T Check<T>(CatalogResult<T> result, CkanCall call, CkanPackageReader reader)
    {
        switch (result.Outcome)
        {
            case CatalogOutcome.Ok:
                return result.Value!;
            case CatalogOutcome.Invalid:
                reader.AddErrors(result.Errors!, call.English);
                throw CkanException.Validation(reader.Errors);
            case CatalogOutcome.Forbidden:
                throw CkanException.Forbidden($"User {call.Staff?.UserName} may not do {call.Action} here.");
            default:
                throw CkanException.NotFound("The dataset or resource does not exist or is out of reach.");
        }
    }
}
