namespace HashMatch.Indexing;

/// <summary>A stored hash and the caller's identifier for it (a list line number, a database key).</summary>
/// <param name="Hash">The stored PDQ hash.</param>
/// <param name="Id">The caller's identifier; several entries may share a hash, and removal is by id.</param>
public readonly record struct IndexEntry(PdqHash Hash, long Id);
