namespace HashMatch.Review;

/// <summary>
/// One recorded match decision as the error report counts it: what flagged it, and what review and complaints made
/// of it. The service builds these from its store; a caller with its own records builds them itself.
/// </summary>
public sealed class DecisionOutcome
{
    /// <summary>The decision's <see cref="Matching.MatchVerdict.Match"/> candidates: which technology, in which bank, and a per-candidate verdict if the reviewer gave one.</summary>
    public required IReadOnlyList<FlaggedCandidate> Flagged { get; init; }

    /// <summary>The latest review's verdict for the whole decision, or null when it was not reviewed.</summary>
    public ReviewVerdict? Verdict { get; init; }

    /// <summary>Complaints recorded against the decision.</summary>
    public int Complaints { get; init; }

    /// <summary>Whether a complaint ended with the content reinstated.</summary>
    public bool Reinstated { get; init; }
}

/// <summary>One candidate that flagged a decision.</summary>
/// <param name="technology">As <see cref="MatchTechnologies"/> names it.</param>
/// <param name="bank">The bank (or list) whose entry matched.</param>
/// <param name="verdict">The reviewer's verdict on this candidate alone, or null to take the decision's.</param>
public readonly struct FlaggedCandidate(string technology, string bank, ReviewVerdict? verdict = null)
{
    /// <summary>As <see cref="MatchTechnologies"/> names it.</summary>
    public string Technology { get; } = technology ?? throw new ArgumentNullException(nameof(technology));

    /// <summary>The bank (or list) whose entry matched.</summary>
    public string Bank { get; } = bank ?? throw new ArgumentNullException(nameof(bank));

    /// <summary>The reviewer's verdict on this candidate alone, or null to take the decision's.</summary>
    public ReviewVerdict? Verdict { get; } = verdict;
}
