using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Video;

namespace HashMatch.Server.Indexing;

/// <summary>
/// A bank's video that a query video matched, by vPDQ (<see cref="Vpdq"/> with <see cref="Segments"/>) or by TMK
/// (<see cref="Tmk"/>): only videos that pass the technology's thresholds are candidates, as PDQ candidates are those
/// within the bank's distance.
/// </summary>
/// <param name="Bank">The bank's name.</param>
/// <param name="EntryId">The video entry's id.</param>
/// <param name="Technology"><c>vpdq</c> or <c>tmk</c> (<see cref="HashMatch.Review.MatchTechnologies"/>).</param>
/// <param name="Metadata">The video entry's metadata.</param>
/// <param name="Vpdq">The vPDQ percentages, for a vPDQ candidate.</param>
/// <param name="Segments">Where in the query the matched frames are, for a vPDQ candidate.</param>
/// <param name="Tmk">The level-1 and level-2 scores, for a TMK candidate.</param>
/// <param name="Verdict"><see cref="MatchVerdict.Match"/>, or <see cref="MatchVerdict.Excluded"/> when an exclusion bank matched the query.</param>
/// <param name="Threshold">
/// The bank's threshold in the terms of <see cref="Distance"/>: 100 − its vPDQ match percentage, or 100 − its TMK
/// match percentage (100 × (1 − the least score)).
/// </param>
internal sealed record VideoCandidate(string Bank, string EntryId, string Technology, EntryMetadata Metadata, VpdqMatchResult? Vpdq, IReadOnlyList<VpdqSegment>? Segments, TmkScore? Tmk, MatchVerdict Verdict, int Threshold)
{
    /// <summary>
    /// The candidate's "distance" in the decision columns, 0..100, lower is closer: 100 − the query match percentage
    /// for vPDQ, 100 × (1 − level-2 score) for TMK, rounded (docs/review.md).
    /// </summary>
    public int Distance => Vpdq is { } v ? Percent(100 - v.QueryMatchPercent) : Tmk is { } t ? Percent(100 * (1 - (double)t.Level2)) : 0;

    private static int Percent(double value) => (int)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), 0, 100);
}
