using HashMatch.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HashMatch.Server.Api;

/// <summary>
/// The key a <c>/v1</c> endpoint (or group) requires, together with the problems every <c>/v1</c> request can be
/// answered with, so that the OpenAPI document cannot drift from the authorization: 401 (no or unknown key), 403 (a
/// read key on a write endpoint; every key can read), 429 (the key's rate limit) and 503 (the request timeout, the
/// index still loading, an unavailable store). The security requirement itself is derived from the authorization
/// metadata by <see cref="ApiKeySecurityDescription"/>.
/// </summary>
internal static class ApiKeyRequirement
{
    /// <summary>Requires a key with the read scope (read and write keys have it) and documents the shared problems.</summary>
    public static TBuilder RequireReadKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireScope(ApiKeyAuthentication.ReadPolicy);

    /// <summary>Requires a key with the write scope and documents the shared problems, 403 for a read-only key included.</summary>
    public static TBuilder RequireWriteKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireScope(ApiKeyAuthentication.WritePolicy);

    /// <summary>Requires a key with the admin scope and documents the shared problems, 403 for a key without it included.</summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireScope(ApiKeyAuthentication.AdminPolicy);

    /// <summary>Requires a key with the review scope and documents the shared problems, 403 for a key without it included.</summary>
    public static TBuilder RequireReviewKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireScope(ApiKeyAuthentication.ReviewPolicy);

    private static TBuilder RequireScope<TBuilder>(this TBuilder builder, string policy) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
