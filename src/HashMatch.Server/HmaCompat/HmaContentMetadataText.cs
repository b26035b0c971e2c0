using System.Text.Json;
using HashMatch.Lists;

namespace HashMatch.Server.HmaCompat;

/// <summary>
/// HMA's content metadata (<c>content_id</c>, <c>content_uri</c>, <c>json</c>) kept in a HashMatch entry's
/// <c>source</c>, as one compact JSON object: HMA's metadata says where the content came from, which is what
/// <c>source</c> holds, and the entry keeps it through exports and imports. An entry whose source is not such an
/// object (a path from <c>hashmatch hash</c>, a list's collaboration) has no HMA metadata.
/// </summary>
internal static class HmaContentMetadataText
{
    /// <summary>The keys HMA accepts; <c>collab</c> is accepted and dropped, as HMA drops it.</summary>
    private static readonly string[] Keys = ["content_id", "content_uri", "json"];

    /// <summary>The metadata of a request (a JSON object), or HMA's 400 message; null metadata for an empty object.</summary>
    public static (HmaContentMetadata? Metadata, string? Problem) Parse(JsonElement metadata)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            return (null, "metadata should be a json object");
        }

        string[] unexpected = [.. metadata.EnumerateObject().Select(p => p.Name).Where(n => n != "collab" && !Keys.Contains(n))];
        if (unexpected.Length > 0)
        {
            return (null, $"Invalid metadata: unexpected keys {string.Join(", ", unexpected)}");
        }

        string? Text(string key, out string? problem)
        {
            problem = null;
            if (!metadata.TryGetProperty(key, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                problem = $"Invalid metadata: {key} should be a string";
                return null;
            }

            return value.GetString();
        }

        string? contentId = Text("content_id", out string? idProblem), contentUri = Text("content_uri", out string? uriProblem);
        if ((idProblem ?? uriProblem) is { } textProblem)
        {
            return (null, textProblem);
        }

        JsonElement? json = metadata.TryGetProperty("json", out JsonElement j) && j.ValueKind != JsonValueKind.Null ? j.Clone() : null;
        if (json is { ValueKind: not JsonValueKind.Object })
        {
            return (null, "Invalid metadata: json should be an object");
        }

        return contentId is null && contentUri is null && json is null
            ? (null, null)
            : (new HmaContentMetadata { ContentId = contentId, ContentUri = contentUri, Json = json }, null);
    }

    /// <summary>The text kept as the entry's source.</summary>
    public static string Write(HmaContentMetadata metadata) => JsonSerializer.Serialize(metadata, HmaJson.Default.HmaContentMetadata);

    /// <summary>The metadata an entry's source holds, or null when it holds none (see the type's summary).</summary>
    public static HmaContentMetadata? Read(ListEntry entry)
    {
        if (entry.Metadata.Source is not { } source || !source.StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(source, HmaJson.Default.HmaContentMetadata);
        }
        catch (JsonException)
        {
            return null; // a source that merely starts with '{'
        }
    }
}
