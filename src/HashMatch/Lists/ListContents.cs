namespace HashMatch.Lists;

/// <summary>What <see cref="ListReader"/> read from one list.</summary>
public sealed record ListContents
{
    /// <summary>The list's name (path).</summary>
    public required string Input { get; init; }

    /// <summary>The layout it was read as (detected when <see cref="ListFormat.Auto"/> was asked for).</summary>
    public required ListFormat Format { get; init; }

    /// <summary>Usable entries, in file order.</summary>
    public required IReadOnlyList<ListEntry> Entries { get; init; }

    /// <summary>1-based line number of each entry.</summary>
    public required IReadOnlyList<int> Lines { get; init; }

    /// <summary>Lines that could not be used (empty when reading stopped at the first error).</summary>
    public required IReadOnlyList<ListIssue> Errors { get; init; }
}
