using Microsoft.AspNetCore.OpenApi;

namespace HashMatch.Server.Api;

/// <summary>
/// What the generated OpenAPI document (<c>/openapi/v1.json</c>) adds to what the endpoints' metadata says: the API
/// key security scheme and its requirements, and the bodies of endpoints that read their body themselves. Response
/// schemas and statuses come from the handlers' typed results and their <c>ProducesProblem</c> metadata.
/// </summary>
internal static class OpenApiDescription
{
    /// <summary>Registers the transformers; pass to <c>AddOpenApi</c>.</summary>
    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer(ApiKeySecurityDescription.AddScheme);
        options.AddOperationTransformer(ApiKeySecurityDescription.RequireOnProtectedOperation);
        options.AddOperationTransformer(RequestBodyDescription.Describe);
    }
}
