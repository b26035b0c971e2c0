using System.Data.Common;
using System.Security.Cryptography;
using HashMatch.Exchanges;
using HashMatch.Server.Monitoring;
using HashMatch.Server.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HashMatch.Server.Exchanges;

/// <summary>
/// Keeps banks in sync with their exchanges: every <see cref="ServerOptions.ExchangeCheck"/> it fetches each enabled
/// exchange whose interval has passed, page after page until caught up, applying each page with its checkpoint in
/// one transaction (<see cref="IExchangeStore.ApplyExchangePage"/>). A lease in the store, taken before a fetch and
/// renewed after every page, makes exactly one replica fetch an exchange; a page fetched by a replica that lost its
/// lease is not applied. A failed fetch is recorded as the exchange's last error and tried again at its next interval;
/// the checkpoint stays after the last page applied, so nothing is skipped and nothing applied twice matters.
/// Replicas see the changes through the change log, like any other change to a bank. Under the same lease, after a
/// fetch, it sends the reviewers' verdicts queued for an exchange that takes feedback.
/// </summary>
internal sealed class ExchangeScheduler(IExchangeStore store, IBankStore entries, ServerOptions options, TimeProvider clock, ServerMetrics metrics, ILogger<ExchangeScheduler> logger)
    : BackgroundService
{
    /// <summary>How long a lease lasts without renewal: longer than a page's fetch with its retries (about 30 s) and a long Retry-After.</summary>
    public static readonly TimeSpan LeaseLength = TimeSpan.FromMinutes(15);

    /// <summary>Pages one fetch applies at most before letting the next exchange have its turn.</summary>
    public const int MaxPagesPerFetch = 10_000;

    /// <summary>Verdicts sent back after one fetch at most (the rest follow the next).</summary>
    public const int MaxFeedbackPerFetch = 1000;

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(120) };

    /// <summary>This replica's name in leases: random per start, so a restarted replica never mistakes an old lease for its own.</summary>
    public string Owner { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";

    /// <summary>Fetches <paramref name="record"/> now (if no other replica is), through the exchange its settings describe.</summary>
    /// <returns>Null when fetched (successfully or not: the store has the outcome), or why it was not fetched.</returns>
    public async Task<string?> FetchAsync(ExchangeRecord record, CancellationToken cancellationToken)
    {
        IHashExchange exchange;
        try
        {
            exchange = HashExchanges.Create(ExchangeSettings.Parse(record.Settings, record.Name), _http);
        }
        catch (HashMatchException e)
        {
            await store.RecordExchangeFailureAsync(record.Id, e.Message, clock.GetUtcNow(), cancellationToken);
            return null;
        }

        return await FetchAsync(record, exchange, cancellationToken);
    }

    /// <summary>As <see cref="FetchAsync(ExchangeRecord, CancellationToken)"/>, through <paramref name="exchange"/> (tests give their own).</summary>
    internal async Task<string?> FetchAsync(ExchangeRecord record, IHashExchange exchange, CancellationToken cancellationToken)
    {
        if (!await store.TryLeaseAsync(record.Id, Owner, clock.GetUtcNow(), clock.GetUtcNow() + LeaseLength, cancellationToken))
        {
            return "another replica is fetching this exchange";
        }

        try
        {
            string? refused = await FetchPagesAsync(record, exchange, cancellationToken);
            if (refused is null && record.Feedback && exchange is IExchangeFeedback feedback)
            {
                await SendFeedbackAsync(record, feedback, cancellationToken);
            }

            return refused;
        }
        finally
        {
            await store.ReleaseLeaseAsync(record.Id, Owner, CancellationToken.None);
        }
    }

    /// <summary>Fetches and applies pages until caught up; a failure is recorded as the exchange's last error.</summary>
    private async Task<string?> FetchPagesAsync(ExchangeRecord record, IHashExchange exchange, CancellationToken cancellationToken)
    {
        try
        {
            string? checkpoint = record.Checkpoint;
            for (int pages = 0; pages < MaxPagesPerFetch; pages++)
            {
                ExchangePage page = await exchange.FetchAsync(checkpoint, cancellationToken);
                DateTimeOffset now = clock.GetUtcNow();
                if (!await store.TryLeaseAsync(record.Id, Owner, now, now + LeaseLength, cancellationToken)
                    || await Task.Run(() => store.ApplyExchangePage(record.Id, Owner, page, now, cancellationToken), cancellationToken) is not { } applied)
                {
                    return "the lease passed to another replica";
                }

                metrics.ExchangePages.WithLabels(record.Name).Inc();
                if (applied.Added + applied.Removed > 0)
                {
                    logger.LogInformation("Exchange {Exchange} into bank {Bank}: {Added} entries added or changed, {Removed} ids withdrawn (change {Sequence})",
                        record.Name, record.Bank, applied.Added, applied.Removed, applied.Sequence);
                }

                checkpoint = page.Checkpoint;
                if (!page.HasMore)
                {
                    break;
                }
            }

            return null;
        }
        catch (Exception e) when (e is HashMatchException or DbException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            // The message names the exchange, the path and the reason, never a credential (ExchangeHttp drops queries).
            metrics.ExchangeFailures.WithLabels(record.Name).Inc();
            logger.LogWarning("Exchange {Exchange} failed: {Error}", record.Name, e.Message);
            await store.RecordExchangeFailureAsync(record.Id, e.Message, clock.GetUtcNow(), CancellationToken.None);
            return null;
        }
    }

    /// <summary>
    /// Sends the reviewers' verdicts waiting for this exchange, oldest first; each is marked sent, or its failed try
    /// counted with the error (it is tried again after the next fetch, up to <see cref="ExchangeRecord.MaxFeedbackAttempts"/>
    /// times). A verdict on an entry the exchange has since withdrawn is dropped as sent: there is nothing to address.
    /// </summary>
    private async Task SendFeedbackAsync(ExchangeRecord record, IExchangeFeedback feedback, CancellationToken cancellationToken)
    {
        foreach (PendingFeedback verdict in await store.PendingFeedbackAsync(record.Id, MaxFeedbackPerFetch, cancellationToken))
        {
            string? error = null;
            try
            {
                if ((await entries.EntriesAsync(verdict.BankId, verdict.EntryId, cancellationToken)).FirstOrDefault() is { } entry)
                {
                    await feedback.SendFeedbackAsync(entry, verdict.Confirmed, cancellationToken);
                }
            }
            catch (HashMatchException e)
            {
                error = e.Message;
                metrics.ExchangeFailures.WithLabels(record.Name).Inc();
                logger.LogWarning("Exchange {Exchange}: feedback on {Entry} failed: {Error}", record.Name, verdict.EntryId, e.Message);
            }

            await store.RecordFeedbackAsync(verdict.Id, error, clock.GetUtcNow(), CancellationToken.None);
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.ExchangeCheck <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.ExchangeCheck, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    foreach (ExchangeRecord record in await store.ExchangesAsync(stoppingToken))
                    {
                        if (record.DueAt(clock.GetUtcNow()))
                        {
                            await FetchAsync(record, stoppingToken);
                        }
                    }
                }
                catch (DbException e)
                {
                    logger.LogWarning("Exchanges could not be checked: {Error}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }
}
