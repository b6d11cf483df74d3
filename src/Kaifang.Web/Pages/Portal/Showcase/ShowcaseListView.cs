namespace Kaifang.Web.Pages.Portal.Showcase;

/// Approved showcases with the names of the datasets they use, for the showcase page and the dataset page's section.
public sealed record ShowcaseListView(IReadOnlyList<Kaifang.Promotion.Showcase> Items, IReadOnlyDictionary<Guid, (string Name, string Title, int AgencyId)> Names, bool ShowDatasets);
