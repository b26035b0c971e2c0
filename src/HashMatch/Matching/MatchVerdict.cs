namespace HashMatch.Matching;

/// <summary>What a reported candidate means.</summary>
public enum MatchVerdict
{
    /// <summary>A match: an exact hash equal, or PDQ within the list's threshold with both qualities high enough.</summary>
    Match,

    /// <summary>Within the PDQ threshold, but the query's quality is below the list's minimum: not a match.</summary>
    QueryLowQuality,

    /// <summary>Within the PDQ threshold, but the list entry's recorded quality is below the list's minimum: not a match.</summary>
    EntryLowQuality,

    /// <summary>
    /// The query also matches an exclusion list (known-good or false-positive entries, <see cref="ListRole.Exclusion"/>):
    /// not a match. Both the excluded candidate and the exclusion entry that caused it carry this verdict.
    /// </summary>
    Excluded,
}
