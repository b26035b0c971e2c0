namespace HashMatch;

/// <summary>
/// An exact Hamming-distance index over 256-bit PDQ hashes. Every implementation returns the same results for the
/// same entries; they differ only in speed and memory (README.md, "Index").
/// </summary>
/// <remarks>
/// Thread safety: queries never block and may run on any number of threads while one writer adds or removes
/// entries; each query sees the index either before or after a change, never half-way.
/// </remarks>
public interface IHashIndex
{
    /// <summary>Number of live (not removed) entries.</summary>
    int Count { get; }

    /// <summary>Adds one entry.</summary>
    void Add(PdqHash hash, long id);

    /// <summary>Adds many entries in one step (one snapshot change).</summary>
    void AddRange(ReadOnlySpan<IndexEntry> entries);

    /// <summary>Removes every entry with <paramref name="id"/>; returns whether any existed.</summary>
    bool Remove(long id);

    /// <summary>All live entries, in insertion order.</summary>
    IndexEntry[] GetEntries();

    /// <summary>
    /// Appends to <paramref name="results"/> every entry within <paramref name="maxDistance"/> (inclusive) of
    /// <paramref name="query"/>, sorted by distance, then id.
    /// </summary>
    void Query(in PdqHash query, int maxDistance, List<IndexMatch> results);

    /// <summary>
    /// Appends the <paramref name="k"/> entries nearest to <paramref name="query"/> (fewer if the index is smaller),
    /// sorted by distance, then id; ties at the k-th distance are broken by the smaller id.
    /// </summary>
    void QueryNearest(in PdqHash query, int k, List<IndexMatch> results);

    /// <summary>
    /// <see cref="Query"/> for many queries at once; <c>results[i]</c> receives the matches of <c>queries[i]</c>.
    /// Structures that can share work between queries (the linear scan reads its data once per block) do so.
    /// </summary>
    void QueryBatch(ReadOnlySpan<PdqHash> queries, int maxDistance, IReadOnlyList<List<IndexMatch>> results);

    /// <summary>
    /// Queries with all eight dihedral hashes of one image; each entry is reported once, with the smallest distance
    /// over the variants and the variant that gave it (the lowest-numbered one on ties).
    /// </summary>
    void QueryDihedral(in PdqDihedralHashes query, int maxDistance, List<IndexMatch> results);
}
