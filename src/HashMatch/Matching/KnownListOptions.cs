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

    internal void Validate(string listName)
    {
        if (MaxDistance is < 0 or > PdqHash.BitLength)
        {
            throw new HashMatchException(listName, HashMatchErrorReason.OutOfRange, $"{nameof(MaxDistance)}: the PDQ distance threshold must be 0..{PdqHash.BitLength} (got {MaxDistance})");
        }

        PdqQualityScale.Check(MinQueryQuality, listName, nameof(MinQueryQuality));
        PdqQualityScale.Check(MinEntryQuality, listName, nameof(MinEntryQuality));
    }
}
