namespace HashMatch.Indexing;

/// <summary>
/// The index structures a user may pick. All are exact and return identical results; they differ in speed and memory
/// (docs/hash-index.md). <see cref="HashIndex.ChooseKind"/> picks one from the list size and radius, as measured.
/// </summary>
/// <remarks>Value 2 is taken by a BK-tree kept inside the library as the measured alternative; it is never faster.</remarks>
public enum IndexKind
{
    /// <summary>SIMD scan of every stored hash: predictable, best for small lists, large radii and batches.</summary>
    LinearScan = 1,

    /// <summary>Multi-index hashing with 16 chunks of 16 bits: the structure for lists of thousands of hashes and more at r &lt; 48.</summary>
    MultiIndex16 = 3,

    /// <summary>
    /// Multi-index hashing with 8 chunks of 32 bits. Pick it for exact and near-exact lookups (r ≤ 8) in lists of a
    /// million hashes or more, where it was 2.4× faster than <see cref="MultiIndex16"/>; at r = 31 it was 7× slower.
    /// </summary>
    MultiIndex32 = 4,

    /// <summary>
    /// Multi-index hashing with chunks sized to the list: about log₂ N bits each (Norouzi, Punjani and Fleet's
    /// choice), from 16 chunks of 16 bits for lists up to about 90,000 hashes to 11 chunks of 23–24 bits from
    /// about 5 million on, so a query's cost grows much slower than the list. The layout is fixed when the
    /// structure is built (and stored in index files); the structure for large lists at r &lt; 48.
    /// </summary>
    MultiIndexSized = 5,
}

/// <summary>Structures the library keeps for measurement and tests only.</summary>
internal static class InternalIndexKinds
{
    /// <summary>BK-tree over the Hamming metric: exact, but slower than multi-index hashing at every measured radius.</summary>
    internal const IndexKind BkTree = (IndexKind)2;

    /// <summary>Every structure, public and internal (the equivalence tests run each).</summary>
    internal static IndexKind[] All => [.. Enum.GetValues<IndexKind>(), BkTree];

    /// <summary>Whether <paramref name="kind"/> names a structure this library builds.</summary>
    internal static bool IsKnown(IndexKind kind) => Enum.IsDefined(kind) || kind == BkTree;
}
