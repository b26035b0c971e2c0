using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace HashMatch.Server.HmaCompat;

/// <summary>
/// A JSON request body read as a document: HMA's bodies are loosely typed (<c>disable_until_ts</c> as a number or a
/// numeric string, a signal add's members named after signal types), so the routes check members themselves and
/// answer HMA's messages. The body is bounded by the server's body limit like every other.
/// </summary>
internal static class HmaJsonBody
{
    /// <summary>The body's JSON object, an empty object for an empty body, or null when the body is not a JSON object.</summary>
    public static async Task<JsonElement?> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0)
        {
            return EmptyObject();
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        if (body.Length == 0)
        {
            return EmptyObject();
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body.GetBuffer().AsMemory(0, (int)body.Length), new JsonDocumentOptions { MaxDepth = 64 });
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement EmptyObject()
    {
        using JsonDocument empty = JsonDocument.Parse("{}");
        return empty.RootElement.Clone();
    }
}
