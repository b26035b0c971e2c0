using System.Diagnostics.CodeAnalysis;

namespace HashMatch.Local;

/// <summary>How <see cref="LocalIndex"/> turns descriptor matches into picture matches.</summary>
[Experimental(LocalApi.DiagnosticId)]
public sealed class LocalMatchOptions
{
    /// <summary>The defaults: <see cref="HashMatchDefaults.LocalMinInliers"/> inliers, descriptors within 12 of 64 bits, 8 pictures verified.</summary>
    public static readonly LocalMatchOptions Default = new();

    /// <summary>
    /// Fewest geometrically consistent feature matches for a match (inclusive); default
    /// <see cref="HashMatchDefaults.LocalMinInliers"/>, chosen so that distinct pictures do not match
    /// (docs/local-features.md, "Recall and false matches"). Candidates with fewer are not reported.
    /// </summary>
    public int MinInliers { get; init; } = HashMatchDefaults.LocalMinInliers;

    /// <summary>Largest Hamming distance (of 64 bits) between two descriptor projections that counts as a feature match; default 12.</summary>
    public int MaxDescriptorDistance { get; init; } = 12;

    /// <summary>How many known pictures with the most feature matches are verified geometrically; default 8.</summary>
    public int MaxCandidates { get; init; } = 8;

    /// <summary>Whether <see cref="LocalIndex.QueryImage"/> also queries the mirrored picture; default true.</summary>
    public bool IncludeMirrored { get; init; } = true;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinInliers, 2, nameof(MinInliers));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxDescriptorDistance, nameof(MaxDescriptorDistance));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDescriptorDistance, 64, nameof(MaxDescriptorDistance));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCandidates, 1, nameof(MaxCandidates));
    }
}
