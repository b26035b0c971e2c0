using HashMatch.Server.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HashMatch.Server.Api;

/// <summary>
/// The OpenAPI description of <see cref="ApiKeyAuthentication"/>: the <c>ApiKey</c> security scheme (an
/// <c>X-Api-Key</c> header) in the document's components, and a requirement of it on every operation whose endpoint
/// requires authorization (so none on the health probes). Derived from the endpoints' authorization metadata rather
/// than listed, so a new endpoint is described as it is protected.
/// </summary>
internal static class ApiKeySecurityDescription
{
    /// <summary>The scheme's name under <c>components.securitySchemes</c>.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>Adds the <c>ApiKey</c> scheme to the document's components.</summary>
    public static Task AddScheme(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthentication.Header,
            Description = $"An API key (`hashmatch key add`). Every key can read; writes need a key with the '{ApiKeyAuthentication.WritePolicy}' scope.",
        };
        return Task.CompletedTask;
    }

    /// <summary>Requires the <c>ApiKey</c> scheme on an operation whose endpoint requires authorization.</summary>
    public static Task RequireOnProtectedOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        IList<object> metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            // The reference resolves against the document, whose components get the scheme from AddScheme.
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
        }

        return Task.CompletedTask;
    }
}
