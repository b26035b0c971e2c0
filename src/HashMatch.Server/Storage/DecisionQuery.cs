namespace HashMatch.Server.Storage;

/// <summary>
/// Which decisions <see cref="IDecisionStore.DecisionsAsync"/> lists: those answered in [<see cref="From"/>,
/// <see cref="To"/>), newest first, at most <see cref="Limit"/>. The candidate filters (<see cref="Bank"/>,
/// <see cref="Technology"/>, <see cref="MaxDistance"/>) hold together for one candidate: "flagged by pdq:region in
/// bank A within 20 bits" is a decision with such a candidate, not one with a candidate of bank A and another of
/// pdq:region.
/// </summary>
internal sealed record DecisionQuery
{
    /// <summary>The period's start (inclusive).</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>The period's end (exclusive).</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Only decisions never reviewed (the review queue).</summary>
    public bool Unreviewed { get; init; }

    /// <summary>Only decisions a candidate of this bank flagged, or null.</summary>
    public string? Bank { get; init; }

    /// <summary>Only decisions a candidate of this technology (<see cref="Review.MatchTechnologies"/>) flagged, or null.</summary>
    public string? Technology { get; init; }

    /// <summary>Only decisions a candidate within this distance flagged, or null.</summary>
    public int? MaxDistance { get; init; }

    /// <summary>At most this many decisions.</summary>
    public required int Limit { get; init; }
}
