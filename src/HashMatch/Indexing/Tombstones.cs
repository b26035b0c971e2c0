namespace HashMatch.Indexing;

/// <summary>Ids removed from an index but still present in its immutable segments; never changed once published.</summary>
internal sealed class Tombstones
{
    private readonly HashSet<long> _ids;

    private Tombstones(HashSet<long> ids) => _ids = ids;

    /// <summary>No removed ids.</summary>
    public static Tombstones None { get; } = new([]);

    /// <summary>Number of removed ids.</summary>
    public int Count => _ids.Count;

    /// <summary>True when nothing is removed (lets scans skip the lookup).</summary>
    public bool IsEmpty => _ids.Count == 0;

    /// <summary>Whether entries with <paramref name="id"/> are removed.</summary>
    public bool Contains(long id) => _ids.Count != 0 && _ids.Contains(id);

    /// <summary>A new set with <paramref name="id"/> added (copy on write: readers keep the old one).</summary>
    public Tombstones With(long id) => new([.. _ids, id]);
}
