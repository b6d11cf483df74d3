using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace Kaifang.Web.Api.Ckan;

/// A CKAN action: its name, whether GET may call it, what help_show says of it, and what it does.
public sealed record CkanAction(string Name, bool SideEffectFree, string Help, Func<CkanCall, Task<JsonNode?>> Run);

/// Every action Kaifang answers.
public static class CkanActions
{
    public static readonly FrozenDictionary<string, CkanAction> All = new CkanAction[]
    {
        Read("status_show", "Return the site's title, URL, CKAN version and extensions.", CkanReadActions.StatusShowAsync),
        Read("site_read", "Return true: the site may be read.", _ => Task.FromResult<JsonNode?>(true)),
        Read("help_show", "Return the help text of an action. Parameters: name.", HelpShowAsync),
        Read("package_list", "Return the names of the published datasets, by name. Parameters: limit, offset.", CkanReadActions.PackageListAsync),
        Read("package_show", "Return a dataset with its resources. Parameters: id (id or name).", CkanReadActions.PackageShowAsync),
        Read("package_search", "Search datasets. Parameters: q, fq, fq_list, facet, facet.field, facet.limit, facet.mincount, rows (default 10, at most 1000), start, sort, fl (fields to answer with, e.g. id), include_private, include_drafts.", CkanPackageSearch.RunAsync),
        Read("current_package_list_with_resources", "Return published datasets with their resources, most recently modified first. Parameters: limit, offset, page.", CkanReadActions.CurrentPackageListAsync),
        Read("organization_list", "Return the organizations (agencies). Parameters: all_fields, sort, limit, offset, organizations, q, include_dataset_count.", CkanReadActions.OrganizationListAsync),
        Read("organization_show", "Return an organization (agency). Parameters: id (name or id), include_datasets, include_dataset_count.", CkanReadActions.OrganizationShowAsync),
        Read("group_list", "Return the groups (the national platform's service categories). Parameters: all_fields, sort, limit, offset, groups, q.", CkanReadActions.GroupListAsync),
        Read("group_show", "Return a group (service category). Parameters: id, include_datasets.", CkanReadActions.GroupShowAsync),
        Read("tag_list", "Return the tags (keywords) of published datasets. Parameters: query, all_fields.", CkanReadActions.TagListAsync),
        Read("resource_show", "Return a resource. Parameters: id.", CkanReadActions.ResourceShowAsync),
        Read("license_list", "Return the licences datasets may carry.", CkanReadActions.LicenseListAsync),
        Read("datastore_search", "Search a resource's DataStore table. Parameters: resource_id (or id), filters (dict of field: value or list of values), q (text, or dict of field: text), fields (list or comma-separated), sort ('field desc, field2'), limit (default 100, at most 32000), offset, include_total (default true), records_format (objects, lists, csv or tsv), distinct.", CkanDatastoreActions.SearchAsync),
        Read("datastore_search_sql", "Run one read-only SELECT over DataStore tables (named by resource id, in double quotes). Parameters: sql. At most 32000 rows and 5 seconds.", CkanDatastoreActions.SearchSqlAsync),
        Read("datastore_info", "Return a resource's DataStore fields and row count. Parameters: id (or resource_id).", CkanDatastoreActions.InfoAsync),
        Write("package_create", "Create a dataset (published unless state is draft or private is true, and the caller may publish). Parameters: a package dict; owner_org defaults to the caller's agency.", CkanWriteActions.PackageCreateAsync),
        Write("package_update", "Replace a dataset's metadata; with resources, also its resources (those left out are removed). Parameters: id and a package dict.", CkanWriteActions.PackageUpdateAsync),
        Write("package_patch", "Change the given fields of a dataset only. Parameters: id and the fields.", CkanWriteActions.PackagePatchAsync),
        Write("package_delete", "Delete a draft that was never published; withdraw a published dataset. Parameters: id.", CkanWriteActions.PackageDeleteAsync),
        Write("resource_create", "Add a resource by url, or by uploading a file in the multipart field 'upload'. Parameters: package_id, url or upload, name, description, format, encoding.", CkanWriteActions.ResourceCreateAsync),
        Write("resource_update", "Replace a resource's fields (and file, with 'upload'). Parameters: id and a resource dict.", CkanWriteActions.ResourceUpdateAsync),
        Write("resource_patch", "Change the given fields of a resource only. Parameters: id and the fields.", CkanWriteActions.ResourcePatchAsync),
        Write("resource_delete", "Remove a resource. Parameters: id.", CkanWriteActions.ResourceDeleteAsync),
        Write("organization_member_create", "Make a staff account a member of an organization (agency). Parameters: id, username, role (admin, editor or member).", CkanWriteActions.OrganizationMemberCreateAsync),
    }.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);

    private static CkanAction Read(string name, string help, Func<CkanCall, Task<JsonNode?>> run) => new(name, true, help, run);

    private static CkanAction Write(string name, string help, Func<CkanCall, Task<JsonNode?>> run) => new(name, false, help, run);

    private static Task<JsonNode?> HelpShowAsync(CkanCall call)
    {
        var name = call.Required("name");
        return All.TryGetValue(name, out var action)
            ? Task.FromResult<JsonNode?>(action.Help)
            : throw CkanException.NotFound($"Action function not found: {name}");
    }
}
