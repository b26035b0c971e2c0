using HashMatch.Review;

namespace HashMatch.Server.Storage;

/// <summary>
/// The operator's loop in the bank store: match decisions, their reviews and complaints, and the feedback a review
/// sends into the banks. Decisions are not changes of the banks: they take no sequence number and no writers' lock,
/// so recording them never waits for an import. Thread-safe.
/// </summary>
internal interface IDecisionStore
{
    /// <summary>Stores <paramref name="decisions"/> in one transaction (all or none).</summary>
    Task AddDecisionsAsync(IReadOnlyList<DecisionRecord> decisions, CancellationToken cancellationToken);

    /// <summary>
    /// A writer for a stream of decision batches (the group commit's): it holds a connection and its prepared
    /// statements between batches. Not thread-safe: one caller at a time.
    /// </summary>
    IDecisionWriter OpenDecisionWriter();

    /// <summary>
    /// Makes <see cref="CountFlaggedAsync"/> cheap (an index on the candidates' bank and entry), at a cost to every
    /// decision recorded; called at start where automatic quarantine is on.
    /// </summary>
    Task PrepareFloodCountAsync(CancellationToken cancellationToken);

    /// <summary>The decision with its reviews (oldest first) and complaints, or null.</summary>
    Task<DecisionHistory?> DecisionAsync(string id, CancellationToken cancellationToken);

    /// <summary>The decisions <paramref name="query"/> asks for, newest first, each with its reviews and complaints.</summary>
    Task<IReadOnlyList<DecisionHistory>> DecisionsAsync(DecisionQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Every decision answered in [<paramref name="from"/>, <paramref name="to"/>) with its flagging candidates, the
    /// latest review and the complaints, in id order, for the reports; streamed.
    /// </summary>
    IAsyncEnumerable<DecisionSummary> SummariesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>
    /// How many decisions answered since <paramref name="since"/> the entry flagged — and since it was last released
    /// from quarantine: a reviewer's release starts its count again.
    /// </summary>
    Task<long> CountFlaggedAsync(string bank, string entryId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Records a review; null when there is no such decision.</summary>
    Task<ReviewRecord?> AddReviewAsync(string decisionId, ReviewVerdict verdict, string reviewer, string? note, IReadOnlyList<CandidateVerdict> candidates, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records a complaint; null when there is no such decision.</summary>
    Task<ComplaintRecord?> AddComplaintAsync(string decisionId, ComplaintOutcome outcome, string? note, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Sets a complaint's outcome (and note, when given); null when there is no such complaint.</summary>
    Task<ComplaintRecord?> DecideComplaintAsync(long id, ComplaintOutcome outcome, string? note, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Moves every entry of bank <paramref name="bankId"/> with id <paramref name="entryId"/> (its crops too) out of
    /// the bank into quarantine, as one change (a removal the replicas follow), and records the action
    /// (<paramref name="action"/>: <c>quarantine</c>, or <c>auto-quarantine</c> for a flood). Returns the change's
    /// sequence and how many rows moved (0, and the head, when there was nothing to move).
    /// </summary>
    /// <exception cref="KeyNotFoundException">The bank was deleted.</exception>
    Task<(long Sequence, long Moved)> QuarantineAsync(long bankId, string bank, string entryId, string? decisionId, string? apiKey, DateTimeOffset at, CancellationToken cancellationToken, string action = "quarantine");

    /// <summary>Puts a quarantined entry back into its bank exactly as it was (one change) and records the action; as <see cref="QuarantineAsync"/>.</summary>
    /// <exception cref="KeyNotFoundException">The bank was deleted.</exception>
    Task<(long Sequence, long Moved)> ReleaseAsync(long bankId, string bank, string entryId, string? apiKey, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The ids of a bank's quarantined entries with when each went there and the decision that sent it.</summary>
    Task<IReadOnlyList<(string EntryId, DateTimeOffset At, string? DecisionId)>> QuarantinedAsync(long bankId, CancellationToken cancellationToken);

    /// <summary>Records a feedback action that changed a bank through the ordinary entry writes (an exclusion copy).</summary>
    Task RecordFeedbackAsync(string action, string bank, string entryId, string? decisionId, string? targetBank, string? apiKey, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes every decision answered before <paramref name="before"/> with its candidates, reviews and complaints,
    /// and feedback records older than it, in one transaction. Returns how many decisions went.
    /// </summary>
    Task<long> PurgeDecisionsAsync(DateTimeOffset before, CancellationToken cancellationToken);
}

/// <summary>Stores batches of decisions over one held connection (<see cref="IDecisionStore.OpenDecisionWriter"/>).</summary>
internal interface IDecisionWriter : IAsyncDisposable
{
    /// <summary>
    /// Stores <paramref name="decisions"/> in one transaction (all or none). After a failure the writer opens a new
    /// connection for the next batch.
    /// </summary>
    Task WriteAsync(IReadOnlyList<DecisionRecord> decisions, CancellationToken cancellationToken);
}
