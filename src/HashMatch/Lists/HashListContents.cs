namespace HashMatch;

/// <summary>What <see cref="HashListReader"/> read from one list.</summary>
/// <param name="Input">The list's name (path).</param>
/// <param name="Format">The layout it was read as (detected when <see cref="HashListFormat.Auto"/> was asked for).</param>
/// <param name="Entries">Usable entries, in file order.</param>
/// <param name="Lines">1-based line number of each entry.</param>
/// <param name="Errors">Lines that could not be used (empty when reading stopped at the first error).</param>
public sealed record HashListContents(string Input, HashListFormat Format, IReadOnlyList<ListEntry> Entries, IReadOnlyList<int> Lines, IReadOnlyList<ListIssue> Errors)
{
    /// <summary>The entries with a PDQ hash, as index entries (for <see cref="HashIndex"/>).</summary>
    public IndexEntry[] PdqEntries() => [.. Entries.Where(e => e.Pdq is not null).Select(e => new IndexEntry(e.Pdq!.Value, e.Id))];
}
