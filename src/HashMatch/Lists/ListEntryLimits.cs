namespace HashMatch.Lists;

/// <summary>
/// How much one entry may carry, checked wherever entries come in (every list reader, the service's entry and
/// import endpoints). Real lists stay far below these (an id is a number, a GUID or a case reference; a note a
/// sentence), and the bounds keep one entry's line of any layout under the 64 KiB line limit of the list readers, so
/// whatever was stored can be exported and read back. Before them, 1 MB ids and notes were accepted and a bank's own
/// export was refused on re-import (issue 22, finding 7).
/// </summary>
public static class ListEntryLimits
{
    /// <summary>Longest entry id, in characters.</summary>
    public static readonly int MaxIdLength = 256;

    /// <summary>Longest category, in characters.</summary>
    public static readonly int MaxCategoryLength = 128;

    /// <summary>Most tags on one entry.</summary>
    public static readonly int MaxTags = 64;

    /// <summary>Longest tag, in characters.</summary>
    public static readonly int MaxTagLength = 128;

    /// <summary>Longest source, in characters.</summary>
    public static readonly int MaxSourceLength = 1024;

    /// <summary>Longest note, in characters.</summary>
    public static readonly int MaxNoteLength = 4096;

    /// <summary>Longest PhotoDNA value: 144 bytes as hex (the base64 form is shorter).</summary>
    public static readonly int MaxPhotoDnaLength = 288;

    /// <summary>What in <paramref name="entry"/> is over a limit, naming the field (<c>id: 300 characters; at most 256</c>), or null.</summary>
    public static string? Problem(ListEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        EntryMetadata metadata = entry.Metadata;
        return Over("id", entry.Id, MaxIdLength)
            ?? Over("photodna", entry.PhotoDna, MaxPhotoDnaLength)
            ?? Over("category", metadata.Category, MaxCategoryLength)
            ?? Over("source", metadata.Source, MaxSourceLength)
            ?? Over("note", metadata.Note, MaxNoteLength)
            ?? (metadata.Tags.Count > MaxTags ? $"tags: {metadata.Tags.Count} tags; at most {MaxTags}" : null)
            ?? metadata.Tags.Select(t => Over("tags", t, MaxTagLength)).FirstOrDefault(p => p is not null);
    }

    private static string? Over(string field, string? text, int limit) =>
        text is not null && text.Length > limit ? $"{field}: {text.Length:N0} characters; at most {limit:N0}" : null;
}
