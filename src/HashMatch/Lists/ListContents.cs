namespace HashMatch.Lists;

/// <summary>What <see cref="ListReader"/> read from one list.</summary>
public sealed class ListContents
{
    /// <summary>Made by the library only.</summary>
    internal ListContents()
    {
    }

    /// <summary>The list's name (path).</summary>
    public string Input { get; internal init; } = "";

    /// <summary>The layout it was read as (detected when <see cref="ListFormat.Auto"/> was asked for).</summary>
    public ListFormat Format { get; internal init; }

    /// <summary>Usable entries, in file order.</summary>
    public IReadOnlyList<ListEntry> Entries { get; internal init; } = [];

    /// <summary>1-based line number of each entry.</summary>
    public IReadOnlyList<int> Lines { get; internal init; } = [];

    /// <summary>Lines that could not be used (empty when reading stopped at the first error).</summary>
    public IReadOnlyList<ListIssue> Errors { get; internal init; } = [];
}
