using Kaifang.Agencies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kaifang.Web.Api;

public static class AgenciesApi
{
    public static IEndpointRouteBuilder MapAgenciesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/agencies").WithTags("Agencies");
        api.MapGet("/", (AgencyDirectory agencies) => TypedResults.Ok(agencies.Tree.Flatten().Select(x => ToDto(agencies.Tree, x.Node)).ToList()))
            .WithName("ListAgencies").WithSummary("The agency tree, depth first");
        api.MapGet("/{code}", Results<Ok<AgencyDto>, NotFound> (string code, AgencyDirectory agencies) =>
                agencies.Tree.FindByCode(code) is { } agency ? TypedResults.Ok(ToDto(agencies.Tree, agency)) : TypedResults.NotFound())
            .WithName("GetAgency").WithSummary("One agency");
        return routes;
    }

    private static AgencyDto ToDto(AgencyTree tree, AgencyNode a) => new(
        a.Code, a.Name, a.ShortName, a.NameEn, a.OrganisationCode,
        a.ParentId is int p ? tree.Find(p)?.Code : null,
        [.. a.Children.Select(c => c.Code)]);
}
