using System.Collections.Immutable;

namespace HashMatch.Indexing;

/// <summary>Ids removed from an index but still present in its immutable segments; never changed once published.</summary>
/// <remarks>
/// A persistent set: <see cref="With"/> shares all but O(log n) nodes with the set it extends, so a removal costs
/// O(log n) instead of a copy of every earlier tombstone, and readers keep the set they started with.
/// </remarks>
internal sealed class Tombstones
{
    private readonly ImmutableHashSet<long> _ids;

    private Tombstones(ImmutableHashSet<long> ids) => _ids = ids;

    /// <summary>No removed ids.</summary>
    public static Tombstones None { get; } = new([]);

    /// <summary>Number of removed ids.</summary>
    public int Count => _ids.Count;

    /// <summary>True when nothing is removed (lets scans skip the lookup).</summary>
    public bool IsEmpty => _ids.IsEmpty;

    /// <summary>Whether entries with <paramref name="id"/> are removed.</summary>
    public bool Contains(long id) => !_ids.IsEmpty && _ids.Contains(id);

    /// <summary>A new set with <paramref name="id"/> added (readers keep the old one).</summary>
    public Tombstones With(long id) => new(_ids.Add(id));
}
