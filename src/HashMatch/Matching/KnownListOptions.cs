using System.Diagnostics.CodeAnalysis;
using HashMatch.Local;
using HashMatch.Pdq;

namespace HashMatch.Matching;

/// <summary>How queries are matched against one <see cref="KnownList"/>.</summary>
public sealed record KnownListOptions
{
    /// <summary>
    /// Largest PDQ Hamming distance that counts as a match (inclusive). 31 is the threshold Meta recommends for PDQ
    /// ("The TMK+PDQF Video-Hashing Algorithm and the PDQ Image Similarity Algorithm", facebook/ThreatExchange,
    /// hashing.pdf, 2019); <c>hashmatch eval</c> measures what other values cost.
    /// </summary>
    public int MaxDistance { get; init; } = HashMatchDefaults.PdqMatchThreshold;

    /// <summary>
    /// Queries whose PDQ quality is below this are not matched by PDQ; their candidates are reported with
    /// <see cref="MatchVerdict.QueryLowQuality"/>. 50 follows Meta's guidance that hashes below it are unreliable
    /// (hashing.pdf, "quality metric").
    /// </summary>
    public int MinQueryQuality { get; init; } = HashMatchDefaults.PdqMinQuality;

    /// <summary>List entries whose recorded quality is below this are reported with <see cref="MatchVerdict.EntryLowQuality"/> instead of matching.</summary>
    public int MinEntryQuality { get; init; } = HashMatchDefaults.PdqMinQuality;

    /// <summary>Known material, or an exclusion list whose hits cancel the other lists' matches. Default <see cref="ListRole.Known"/>.</summary>
    public ListRole Role { get; init; } = ListRole.Known;

    /// <summary>
    /// Which query variants to match against this list besides the query as it is (pixel rotations and flips,
    /// upscaled, every picture-like region); each match says which variant found it (and a region where). Default none: plain PDQ.
    /// </summary>
    public QueryVariants Variants { get; init; }

    /// <summary>
    /// Fewest geometrically consistent feature matches for a local-feature match against this list's signals
    /// (inclusive, 2–90); default <see cref="HashMatchDefaults.LocalMinInliers"/>, chosen so that distinct pictures do
    /// not match more often than PDQ's do at 31 (docs/local-features.md, "Recall and false matches", where
    /// <c>eval --local</c> measures every threshold). Lists without signals ignore it.
    /// </summary>
    [Experimental(LocalApi.DiagnosticId)]
    public int LocalMinInliers { get; init; } = HashMatchDefaults.LocalMinInliers;

    internal void Validate(string listName)
    {
        if (MaxDistance is < 0 or > PdqHash.BitLength)
        {
            throw new HashMatchException(listName, HashMatchErrorReason.OutOfRange, $"{nameof(MaxDistance)}: the PDQ distance threshold must be 0..{PdqHash.BitLength} (got {MaxDistance})");
        }

        PdqQualityScale.Check(MinQueryQuality, listName, nameof(MinQueryQuality));
        PdqQualityScale.Check(MinEntryQuality, listName, nameof(MinEntryQuality));
        if (LocalMinInliers < 2 || LocalMinInliers > LocalSignal.MaxFeatures)
        {
            throw new HashMatchException(listName, HashMatchErrorReason.OutOfRange, $"{nameof(LocalMinInliers)}: the local-feature threshold must be 2..{LocalSignal.MaxFeatures} inliers (got {LocalMinInliers})");
        }
    }
}
