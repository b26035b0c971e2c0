using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HashMatch.Server.Api;

/// <summary>
/// The OpenAPI request bodies of endpoints that read their body themselves (no parameter binding, so nothing to
/// infer): an image (or, for <c>/v1/match</c>, video) upload (<see cref="Uploads"/>: a multipart form's <c>file</c> field, or the raw bytes) and a hash
/// list (<c>/import</c>: text in any layout the library reads). Endpoints say which with
/// <see cref="AcceptsImageUpload{TBuilder}"/> or <see cref="AcceptsHashList{TBuilder}"/>; <see cref="Describe"/> writes the body.
/// </summary>
internal static class RequestBodyDescription
{
    /// <summary>Endpoint metadata naming the shape of a body the endpoint reads itself.</summary>
    public sealed class Marker(Func<OpenApiRequestBody> describe)
    {
        /// <summary>A new description of the body (OpenAPI objects are mutable, so one per document).</summary>
        public OpenApiRequestBody Describe() => describe();
    }

    private static readonly Marker ImageUpload = new(() => Upload("The image", []));

    /// <summary><c>/v1/match</c>'s body: an image, or a video (recognised by its bytes: <see cref="VideoUploads"/>).</summary>
    private static readonly Marker MediaUpload = new(() => Upload("The image or video (MP4/MOV, Matroska/WebM, AVI, FLV, MPEG-TS/PS, Ogg or ASF, recognised by its bytes)", ["video/*"]));

    private static OpenApiRequestBody Upload(string what, string[] moreMediaTypes) => new()
    {
        Required = true,
        Description = $"{what}: the '{Uploads.FieldName}' field of a multipart form, or the raw bytes as the body (any other content type).",
        Content = new Dictionary<string, OpenApiMediaType>(moreMediaTypes.Select(media => KeyValuePair.Create(media, new OpenApiMediaType { Schema = Binary() })))
        {
            ["multipart/form-data"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema> { [Uploads.FieldName] = Binary() },
                    Required = new HashSet<string> { Uploads.FieldName },
                },
            },
            ["application/octet-stream"] = new() { Schema = Binary() },
            ["image/*"] = new() { Schema = Binary() },
        },
    };

    private static readonly Marker HashList = new(() => new OpenApiRequestBody
    {
        Required = true,
        Description = "A hash list. ?format= names its layout; else tab-separated values, CSV and JSON lines are read as their content type says, and any other body's layout (VICS or CAID JSON, hash-per-line text, ...) is detected.",
        Content = ListMediaTypes.Import.ToDictionary(media => media, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } }),
    });

    /// <summary>Marks the endpoint as reading an uploaded image (<see cref="Uploads.ReadAsync"/>).</summary>
    public static TBuilder AcceptsImageUpload<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(ImageUpload);

    /// <summary>Marks the endpoint as reading an uploaded image or video (<see cref="Uploads.ReadAsync"/>, then <see cref="VideoUploads"/>).</summary>
    public static TBuilder AcceptsMediaUpload<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(MediaUpload);

    /// <summary>Marks the endpoint as reading a hash list in any layout.</summary>
    public static TBuilder AcceptsHashList<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(HashList);

    /// <summary>The operation transformer: the marked body, where an endpoint has a marker.</summary>
    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Marker>().LastOrDefault() is { } marker)
        {
            operation.RequestBody = marker.Describe();
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema Binary() => new() { Type = JsonSchemaType.String, Format = "binary" };
}
