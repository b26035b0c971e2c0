namespace HashMatch.Lists;

/// <summary>
/// The small metadata set hash lists carry and matches report: a category (NCMEC / Project VIC categories such as
/// "1", "A1", "Ignorable"), tags, where the entry came from (a source path, a case or a collaboration) and a free note.
/// </summary>
public sealed record EntryMetadata
{
    /// <summary>No metadata.</summary>
    public static EntryMetadata None { get; } = new();

    /// <summary>The list's category for the entry.</summary>
    public string? Category { get; init; }

    /// <summary>The list's tags for the entry, in list order.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Where the entry came from: a source path, a case, a collaboration or data set name.</summary>
    public string? Source { get; init; }

    /// <summary>A free note.</summary>
    public string? Note { get; init; }

    /// <summary>Whether every field is empty.</summary>
    public bool IsEmpty => Category is null && Tags.Count == 0 && Source is null && Note is null;

    /// <inheritdoc/>
    public bool Equals(EntryMetadata? other) =>
        other is not null && Category == other.Category && Source == other.Source && Note == other.Note && Tags.SequenceEqual(other.Tags);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Category, Source, Note, Tags.Count);
}
