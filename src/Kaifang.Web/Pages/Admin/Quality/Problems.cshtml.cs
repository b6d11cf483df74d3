using Kaifang.Agencies;
using Kaifang.Quality;
using Kaifang.Web.Api;

namespace Kaifang.Web.Pages.Admin.Quality;

/// "My problems": the datasets within the member of staff's agencies that have a fault now, each with what is wrong and a link to fix it.
public sealed class ProblemsModel(AgencyDirectory agencies, QualityAssessment assessment) : StaffPageModel(agencies)
{
    public string? Agency { get; private set; }
    public IReadOnlyList<DatasetQuality> Items { get; private set; } = [];

    public async Task OnGetAsync(string? agency, CancellationToken ct)
    {
        Agency = agency;
        var scope = QualityChecksApi.Scope(Staff, Agencies, agency) ?? QualityChecksApi.Scope(Staff, Agencies, null);
        var judged = await assessment.AssessAsync(scope, null, ct);
        Items = [.. judged.Where(d => d.Faults > 0).OrderByDescending(d => d.Faults).ThenBy(d => d.Identifier, StringComparer.Ordinal)];
    }
}
