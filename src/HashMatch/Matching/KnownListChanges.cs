using HashMatch.Lists;

namespace HashMatch.Matching;

/// <summary>
/// Changes to a <see cref="KnownList"/>, recorded in the order they happened and applied in one step by
/// <see cref="KnownList.WithChanges"/>: entries added and ids removed. A removal takes away every entry with the id
/// that exists at that point — in the list or added earlier in these changes — and none added after it, so
/// "remove X, add X" replaces X and "add X, remove X" leaves no X. Not thread-safe; a list derived from it keeps
/// no reference to it.
/// </summary>
public sealed class KnownListChanges
{
    private readonly List<ListEntry> _added = [];
    private readonly HashSet<string> _addedIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);

    /// <summary>Entries added (and not removed by a later removal here), in order.</summary>
    public int AddedCount => _added.Count;

    /// <summary>Distinct ids removed.</summary>
    public int RemovedIdCount => _removed.Count;

    /// <summary>Whether nothing was recorded.</summary>
    public bool IsEmpty => _added.Count == 0 && _removed.Count == 0;

    /// <summary>The additions still standing, in order.</summary>
    internal IReadOnlyList<ListEntry> Added => _added;

    /// <summary>The removed ids: they apply to the entries of the list the changes are applied to (not to <see cref="Added"/>).</summary>
    internal IReadOnlySet<string> Removed => _removed;

    /// <summary>Records an added entry.</summary>
    /// <exception cref="ArgumentException">The entry has no hash.</exception>
    public KnownListChanges Add(ListEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!entry.HasHash)
        {
            throw new ArgumentException($"Entry '{entry.Id}' has no hash.", nameof(entry));
        }

        _added.Add(entry);
        _addedIds.Add(entry.Id);
        return this;
    }

    /// <summary>Records added entries, in order.</summary>
    /// <exception cref="ArgumentException">An entry has no hash.</exception>
    public KnownListChanges AddRange(IEnumerable<ListEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (ListEntry entry in entries)
        {
            Add(entry);
        }

        return this;
    }

    /// <summary>Records the removal of every entry with <paramref name="id"/> (whether or not one exists).</summary>
    public KnownListChanges Remove(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_addedIds.Remove(id))
        {
            _added.RemoveAll(e => string.Equals(e.Id, id, StringComparison.Ordinal));
        }

        _removed.Add(id);
        return this;
    }
}
