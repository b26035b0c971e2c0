namespace HashMatch.Server.Storage;

/// <summary>
/// An exchange attached to a bank, as stored (<c>hm_exchanges</c>): its settings as the library's JSON (credential
/// references only, never a secret), schedule, checkpoint, what its fetches did, the last error, and the lease that
/// keeps replicas from fetching it twice.
/// </summary>
internal sealed record ExchangeRecord
{
    public required long Id { get; init; }

    public required string Name { get; init; }

    public required long BankId { get; init; }

    /// <summary>The bank's name (exchanges are listed and shown with it).</summary>
    public required string Bank { get; init; }

    /// <summary><see cref="HashMatch.Exchanges.ExchangeSettings"/> as JSON.</summary>
    public required string Settings { get; init; }

    public required bool Enabled { get; init; }

    /// <summary>Whether reviewers' verdicts on its entries are sent back to it.</summary>
    public bool Feedback { get; init; }

    /// <summary>Verdicts waiting to be sent, sent, and given up on (after <see cref="MaxFeedbackAttempts"/> failed tries).</summary>
    public long FeedbackPending { get; init; }

    public long FeedbackSent { get; init; }

    public long FeedbackFailed { get; init; }

    /// <summary>Time between fetches once caught up.</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>Where the next fetch starts (the exchange's own text), null before the first page.</summary>
    public string? Checkpoint { get; init; }

    public DateTimeOffset? LastFetch { get; init; }

    public DateTimeOffset? LastSuccess { get; init; }

    /// <summary>Why the last fetch failed (null after a success); never holds a credential.</summary>
    public string? LastError { get; init; }

    /// <summary>Pages applied, entries added or changed, ids withdrawn, since the exchange was attached.</summary>
    public long Pages { get; init; }

    public long Added { get; init; }

    public long Removed { get; init; }

    /// <summary>The replica holding the lease, and until when.</summary>
    public string? LeaseOwner { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Tries before a verdict is given up on (kept, with its last error, and counted as failed).</summary>
    public const int MaxFeedbackAttempts = 10;

    /// <summary>Whether a fetch is due at <paramref name="now"/>: never fetched, or the interval passed since the last try.</summary>
    public bool DueAt(DateTimeOffset now) => Enabled && (LastFetch is not { } last || now - last >= Interval);
}
