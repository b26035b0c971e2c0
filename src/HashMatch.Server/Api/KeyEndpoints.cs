using System.Security.Claims;
using HashMatch.Server.Api.Contracts;
using HashMatch.Server.Security;
using HashMatch.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HashMatch.Server.Api;

/// <summary>
/// <c>GET /v1/key</c> (the calling key's name and scopes, so a client — the console — shows only what the key may
/// do) and, with the admin scope, <c>/v1/keys</c>: list, create (the key is answered once) and revoke, as
/// <c>hashmatch serve keys</c> does on the store.
/// </summary>
internal static class KeyEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/key", Describe).WithTags("keys").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("The calling API key's name and scopes (any valid key).");
        RouteGroupBuilder keys = app.MapGroup("/v1/keys").WithTags("keys").RequireAdminKey();
        keys.MapGet("", List).WithSummary("Every stored key, revoked ones included (names, scopes, source, times; never a key).");
        keys.MapPost("", Create)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Generates a key (256 random bits) with a name and scopes; the answer holds the key, once.");
        keys.MapDelete("/{idOrName}", Revoke)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Revokes a key by id or name (final); every replica refuses it within its poll interval.");
    }

    private static Ok<KeyResponse> Describe(ClaimsPrincipal user) => TypedResults.Ok(new KeyResponse
    {
        Name = user.Identity?.Name ?? "",
        Scopes = [.. user.FindAll(ApiKeyAuthentication.ScopeClaim).Select(c => c.Value).Distinct()],
    });

    private static async Task<Ok<KeyListResponse>> List(ApiKeyCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(new KeyListResponse { Keys = [.. (await catalog.ListAsync(cancellationToken)).Select(Json)] });

    private static async Task<Results<Created<KeyJson>, ProblemHttpResult>> Create(CreateKeyRequest? request, ApiKeyCatalog catalog, ApiKeyRing ring, CancellationToken cancellationToken)
    {
        if (request?.Name is not { } name || ApiKeyCatalog.NameProblem(name) is { } nameProblem)
        {
            return Problems.Result(400, "Invalid key name", request?.Name is null ? "name: required" : ApiKeyCatalog.NameProblem(request.Name));
        }

        if (request.Scopes is not { Count: > 0 } names || ApiScopeNames.Parse(string.Join(",", names)) is not { } scopes)
        {
            return Problems.Result(400, "Invalid scopes", $"scopes: one or more of {string.Join(", ", ApiScopeNames.All)}");
        }

        try
        {
            var (record, key) = await catalog.AddAsync(name, scopes, cancellationToken);
            await ring.RefreshAsync(cancellationToken); // usable here at once; other replicas within their poll interval
            return TypedResults.Created((string?)null, Json(record) with { Key = key });
        }
        catch (HashMatchException e)
        {
            return Problems.Result(409, "Key name taken", e.Message);
        }
    }

    private static async Task<Results<Ok<KeyJson>, ProblemHttpResult>> Revoke(string idOrName, ApiKeyCatalog catalog, ApiKeyRing ring, CancellationToken cancellationToken)
    {
        if (await catalog.RevokeAsync(idOrName, cancellationToken) is not { } record)
        {
            return Problems.Result(404, "No such key", $"there is no key '{idOrName}'");
        }

        await ring.RefreshAsync(cancellationToken); // refused here at once; other replicas within their poll interval
        return TypedResults.Ok(Json(record));
    }

    private static KeyJson Json(ApiKeyRecord record) => new()
    {
        Id = record.Id,
        Name = record.Name,
        Scopes = [.. ApiScopeNames.Format(record.Scopes).Split(',')],
        Source = record.Source == ApiKeySource.Environment ? "environment" : "command",
        CreatedAt = record.Created,
        LastUsedAt = record.LastUsed,
        RevokedAt = record.Revoked,
    };
}
