using System.Text.Json;

namespace HashMatch.Lists;

/// <summary>
/// The JSON members of an entry's metadata — <c>category</c>, <c>tags</c>, <c>source</c>, <c>note</c>, each left out
/// when absent — written one way for a list in the JSON Lines layout (at the top of each record) and for
/// <c>hashmatch match --format jsonl</c> (inside its <c>metadata</c> object), so the two read the same.
/// </summary>
internal static class EntryMetadataJson
{
    /// <summary>Writes the members of <paramref name="metadata"/> into the object <paramref name="json"/> is in.</summary>
    public static void WriteMembers(Utf8JsonWriter json, EntryMetadata metadata)
    {
        Optional(json, "category", metadata.Category);
        if (metadata.Tags.Count > 0)
        {
            json.WriteStartArray("tags");
            foreach (string tag in metadata.Tags)
            {
                json.WriteStringValue(tag);
            }

            json.WriteEndArray();
        }

        Optional(json, "source", metadata.Source);
        Optional(json, "note", metadata.Note);
    }

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
