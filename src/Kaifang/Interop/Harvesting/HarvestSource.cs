namespace Kaifang.Interop.Harvesting;

/// A catalog Kaifang pulls datasets from, on a schedule: another CKAN (Kaifang included), a DCAT
/// catalog, or the national platform's dataset list. What it brings in is read-only here.
public sealed class HarvestSource
{
    public Guid Id { get; set; }

    /// URL name, lower-case, e.g. "data-gov-tw".
    public required string Name { get; set; }
    public required string Title { get; set; }
    public HarvestSourceKind Kind { get; set; }

    /// The CKAN site's root (its /api/3/action is found below it), the DCAT catalog's address,
    /// or the national list file's address.
    public required string Url { get; set; }

    /// The agency that datasets of an organization Kaifang does not know are filed under.
    public int AgencyId { get; set; }

    /// A Quartz cron expression, or empty to run only on demand.
    public string Schedule { get; set; } = "";
    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    /// When the last run that finished without a source-wide failure started: the next run asks
    /// only for what changed since then.
    public DateTimeOffset? HarvestedUntil { get; set; }
}

public enum HarvestSourceKind
{
    /// A CKAN Action API (package_search, package_list).
    Ckan = 0,
    /// A DCAT catalog in Turtle, RDF/XML or JSON-LD, paged with Hydra.
    Dcat = 1,
    /// The national platform's "export all datasets" list (CSV or JSON).
    NationalPlatform = 2,
}
