using System.Security.Claims;
using HashMatch.Server.Api.Contracts;
using HashMatch.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HashMatch.Server.Api;

/// <summary><c>GET /v1/key</c>: the calling key's name and scopes, so a client (the console) shows only what the key may do.</summary>
internal static class KeyEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/key", Describe).WithTags("keys").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("The calling API key's name and scopes (any valid key).");

    private static Ok<KeyResponse> Describe(ClaimsPrincipal user) => TypedResults.Ok(new KeyResponse
    {
        Name = user.Identity?.Name ?? "",
        Scopes = [.. user.FindAll(ApiKeyAuthentication.ScopeClaim).Select(c => c.Value).Distinct()],
    });
}
