using Kaifang.Accounts;
using Kaifang.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Api;

/// Staff manage their own API tokens. The token itself is returned once, on creation.
public static class TokensApi
{
    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/tokens").WithTags("API tokens").RequireAuthorization();
        api.MapGet("/", async (HttpContext http, KaifangDbContext db, CancellationToken ct) =>
        {
            var userId = http.Staff()!.UserId;
            var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.CreatedAt).ToListAsync(ct);
            return TypedResults.Ok(tokens.Select(t => new TokenDto(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt is not null)).ToList());
        }).WithName("ListTokens").WithSummary("Your API tokens");
        api.MapPost("/", CreateToken).WithName("CreateToken").WithSummary("Create an API token; the response holds it once");
        api.MapDelete("/{id:guid}", async Task<Results<NoContent, NotFound>> (Guid id, HttpContext http, ApiTokens tokens, CancellationToken ct) =>
                await tokens.RevokeAsync(http.Staff()!.UserId, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithName("RevokeToken").WithSummary("Revoke one of your API tokens");
        return routes;
    }

    private static async Task<Results<Created<TokenCreatedDto>, ValidationProblem>> CreateToken(
        TokenRequest request, HttpContext http, ApiTokens tokens, TimeProvider time, CancellationToken ct)
    {
        var english = http.WantsEnglish();
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 100)
        {
            errors["name"] = [english ? "Give the token a name of at most 100 characters." : "請為權杖命名（最多 100 字）。"];
        }
        if (request.ExpiresInDays is < 1 or > 3650)
        {
            errors["expiresInDays"] = [english ? "Expiry is between 1 and 3650 days." : "有效天數須介於 1 到 3650 天。"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        DateTimeOffset? expires = request.ExpiresInDays is int days ? time.GetUtcNow().AddDays(days) : null;
        var (token, secret) = await tokens.CreateAsync(http.Staff()!.UserId, request.Name!.Trim(), expires, ct);
        return TypedResults.Created($"/api/v1/tokens/{token.Id}", new TokenCreatedDto(token.Id, token.Name, secret, token.ExpiresAt));
    }
}
