namespace HashMatch;

/// <summary>The index structures. All are exact and return identical results; they differ in speed and memory.</summary>
public enum IndexKind
{
    /// <summary>SIMD scan of every stored hash: predictable, best at large radii and for batches.</summary>
    LinearScan = 1,

    /// <summary>BK-tree: pays only at small radii (README.md, "Index").</summary>
    BkTree = 2,

    /// <summary>Multi-index hashing with 16 chunks of 16 bits.</summary>
    MultiIndex16 = 3,

    /// <summary>Multi-index hashing with 8 chunks of 32 bits.</summary>
    MultiIndex32 = 4,
}
