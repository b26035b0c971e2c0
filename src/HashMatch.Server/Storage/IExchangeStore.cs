using HashMatch.Exchanges;

namespace HashMatch.Server.Storage;

/// <summary>
/// Exchanges attached to banks, in the same store (schema migration 6). A page is applied to the bank through the
/// change log together with the checkpoint after it, in one transaction, and only while the caller holds the
/// exchange's lease: a restart, a crash or a second replica resumes exactly after the last page applied. Thread-safe.
/// </summary>
internal interface IExchangeStore
{
    /// <summary>Every exchange, by id.</summary>
    Task<IReadOnlyList<ExchangeRecord>> ExchangesAsync(CancellationToken cancellationToken);

    /// <summary>The exchange named <paramref name="name"/>, or null.</summary>
    Task<ExchangeRecord?> ExchangeAsync(string name, CancellationToken cancellationToken);

    /// <summary>Attaches an exchange to bank <paramref name="bankId"/>; null when the name is taken or the bank already has an exchange.</summary>
    Task<ExchangeRecord?> CreateExchangeAsync(string name, long bankId, string settings, bool enabled, bool feedback, TimeSpan interval, CancellationToken cancellationToken);

    /// <summary>Changes whether the exchange is fetched and how often; null when there is none.</summary>
    Task<ExchangeRecord?> UpdateExchangeAsync(string name, bool? enabled, TimeSpan? interval, CancellationToken cancellationToken);

    /// <summary>Detaches the exchange (its bank and entries stay); false when there is none.</summary>
    Task<bool> DeleteExchangeAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Takes or renews the exchange's lease for <paramref name="owner"/> until <paramref name="until"/>: true when no
    /// one else holds an unexpired lease (then the caller alone fetches it).
    /// </summary>
    Task<bool> TryLeaseAsync(long exchangeId, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Gives the lease up (after a fetch), so another replica may take the next one at once.</summary>
    Task ReleaseLeaseAsync(long exchangeId, string owner, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="page"/> to the exchange's bank and stores its checkpoint, in one transaction: each
    /// change replaces the entries with its id (a withdrawal removes them); a <see cref="ExchangePage.FullList"/> page
    /// also removes every id it does not name and leaves unchanged ids alone. Returns the counts, or null (nothing
    /// applied) when <paramref name="owner"/> no longer holds the lease or the exchange or its bank is gone.
    /// </summary>
    (long Sequence, long Added, long Removed)? ApplyExchangePage(long exchangeId, string owner, ExchangePage page, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The verdicts waiting to go back to the exchange (queued by reviews of decisions its entries flagged, in the
    /// review's transaction), oldest first, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<PendingFeedback>> PendingFeedbackAsync(long exchangeId, int limit, CancellationToken cancellationToken);

    /// <summary>Records that verdict <paramref name="id"/> was sent (no <paramref name="error"/>) or another try failed.</summary>
    Task RecordFeedbackAsync(long id, string? error, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records a failed fetch (the checkpoint stays where the last applied page left it).</summary>
    Task RecordExchangeFailureAsync(long exchangeId, string error, DateTimeOffset now, CancellationToken cancellationToken);

}

/// <summary>A reviewer's verdict on an exchange's entry, waiting to be sent: the outbox row's id, the entry and whether the match was confirmed.</summary>
internal sealed record PendingFeedback(long Id, long BankId, string EntryId, bool Confirmed);
