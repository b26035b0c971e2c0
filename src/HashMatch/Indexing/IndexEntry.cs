namespace HashMatch.Indexing;

/// <summary>A stored hash and the caller's identifier for it (a list line number, a database key).</summary>
/// <param name="hash">The stored PDQ hash.</param>
/// <param name="id">The caller's identifier; several entries may share a hash.</param>
public readonly struct IndexEntry(PdqHash hash, long id)
{
    /// <summary>The stored PDQ hash.</summary>
    public PdqHash Hash { get; } = hash;

    /// <summary>The caller's identifier, returned by queries as <see cref="IndexMatch.Id"/>.</summary>
    public long Id { get; } = id;
}
