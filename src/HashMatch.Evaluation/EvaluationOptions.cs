namespace HashMatch.Evaluation;

/// <summary>What an evaluation run measures and on how much data.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Number of originals (generated, or taken from <see cref="ImagesDirectory"/>). All pairs of them give the false-positive rate.</summary>
    public int Originals { get; init; } = 2000;

    /// <summary>Seed of the corpus and of every random choice in the run.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Transform kinds to apply (all when null).</summary>
    public IReadOnlyList<TransformKind>? Transforms { get; init; }

    /// <summary>How many (transform, strength) pairs each original gets, chosen at random without repetition.</summary>
    public int TransformsPerOriginal { get; init; } = 8;

    /// <summary>Thresholds reported in the tables (all of 0..256 are in the curves).</summary>
    public IReadOnlyList<int> Thresholds { get; init; } = [16, 24, 31, 40, 48, 63];

    /// <summary>Minimum quality whose effect is shown next to the unlimited figures (the matcher's default).</summary>
    public int MinQuality { get; init; } = 50;

    /// <summary>List sizes for the operator's figure: expected false matches per million uploads against a list of M hashes.</summary>
    public IReadOnlyList<long> ListSizes { get; init; } = [10_000, 1_000_000, 10_000_000];

    /// <summary>Use the images in this folder as originals instead of generated ones.</summary>
    public string? ImagesDirectory { get; init; }

    /// <summary>
    /// Also measure the local-feature signal (<c>HashMatch.Local</c>, docs/local-features.md): recall of every copy
    /// against an index of the originals, and false matches between distinct originals, per inlier threshold.
    /// </summary>
    public bool Local { get; init; }

    /// <summary>Worker threads (default: one per core).</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Originals, 2, nameof(Originals));
        ArgumentOutOfRangeException.ThrowIfNegative(TransformsPerOriginal, nameof(TransformsPerOriginal));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxParallelism, 1, nameof(MaxParallelism));
        if (Thresholds.Count == 0 || Thresholds.Any(t => t is < 0 or > PdqHash.BitLength))
        {
            throw new ArgumentOutOfRangeException(nameof(Thresholds), "Thresholds must be 0..256, at least one.");
        }
    }
}
