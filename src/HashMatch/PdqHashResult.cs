namespace HashMatch;

/// <summary>A PDQ hash and its quality score (0..100; upstream advises discarding hashes below 50).</summary>
/// <param name="Hash">The 256-bit hash.</param>
/// <param name="Quality">Gradient-based quality, 0 for flat or tiny images, 100 for detailed ones.</param>
public readonly record struct PdqHashResult(PdqHash Hash, int Quality)
{
    /// <summary>The 256-bit hash.</summary>
    public PdqHash Hash { get; } = Hash;

    /// <summary>Gradient-based quality, 0 for flat or tiny images, 100 for detailed ones.</summary>
    public int Quality { get; } = Quality;
}
