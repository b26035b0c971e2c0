using System.Threading.Channels;
using HashMatch.Server.Monitoring;
using HashMatch.Server.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HashMatch.Server.Decisions;

/// <summary>
/// Records match decisions with group commit, and purges those older than <see cref="ServerOptions.RetainDecisions"/>.
/// A request hands its decisions over and waits until the transaction holding them commits; every decision waiting
/// when a transaction starts goes into it, so under load one commit serves many requests and the store sees a few
/// transactions a second instead of one per answer. An answer therefore never names a decision that is not stored:
/// when the store cannot take it, the answer goes out without the id (and says why) instead of naming a decision that
/// was lost.
/// </summary>
internal sealed partial class DecisionRecorder(IDecisionStore store, FloodQuarantine flood, ServerOptions options, ServerMetrics metrics, TimeProvider clock, ILogger<DecisionRecorder> logger) : IHostedService
{
    /// <summary>How often old decisions are purged (and once at start).</summary>
    public static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    /// <summary>Most decisions in one transaction: bounds a transaction's time when a burst of lookups all match.</summary>
    private const int MaxBatch = 4096;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();

    // The purge timer only signals: a purge still running when the next is due is not doubled, and ticks missed
    // meanwhile collapse into one. Created at start on the server's clock, so a test moving that clock finds it set.
    private readonly Channel<bool> _purgeDue = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private ITimer? _purgeTimer;
    private Task _writer = Task.CompletedTask, _purger = Task.CompletedTask;

    /// <summary>Whether decisions are kept at all (<see cref="ServerOptions.RetainDecisions"/> above zero).</summary>
    public bool Enabled => options.RetainDecisions > TimeSpan.Zero;

    /// <summary>The time a decision or review is recorded with.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (flood.Enabled)
        {
            await store.PrepareFloodCountAsync(cancellationToken);
        }

        _writer = Task.Run(WriteAsync, CancellationToken.None);
        _purger = Task.Run(PurgeAsync, CancellationToken.None);
        _purgeTimer = clock.CreateTimer(_ => _purgeDue.Writer.TryWrite(true), null, TimeSpan.Zero, PurgeInterval);
    }

    /// <summary>Stops taking decisions, writes those already handed over, and stops purging.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_purgeTimer is not null)
        {
            await _purgeTimer.DisposeAsync();
        }

        _purgeDue.Writer.TryComplete();
        await _stopping.CancelAsync();
        await Task.WhenAll(_writer, _purger).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stores <paramref name="decisions"/>; returns once they are committed (null), or the reason they could not be
    /// when the store or its disk failed (<see cref="StoreFaultHandler.Classify"/>): then none of them was stored, and
    /// the caller answers without their ids and says why. Matching does not stop with the store: an answer from the
    /// loaded index stands, and only its record is missing (counted in
    /// <c>hashmatch_decisions_unrecorded_total</c>).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The server is stopping.</exception>
    public async Task<string?> RecordAsync(IReadOnlyList<DecisionRecord> decisions, CancellationToken cancellationToken)
    {
        if (decisions.Count == 0)
        {
            return null;
        }

        var pending = new Pending(decisions);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(DecisionRecorder), "the server is stopping");
        }

        try
        {
            await pending.Committed.Task.WaitAsync(cancellationToken);
            return null;
        }
        catch (Exception e) when (StoreFaultHandler.Classify(e) is { } fault)
        {
            metrics.DecisionsUnrecorded.Inc(decisions.Count);
            return $"{fault.Title.ToLowerInvariant()}: {fault.Detail}";
        }
    }

    private async Task WriteAsync()
    {
        var batch = new List<Pending>();
        var decisions = new List<DecisionRecord>();
        await using IDecisionWriter writer = store.OpenDecisionWriter();
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            decisions.Clear();
            while (decisions.Count < MaxBatch && _queue.Reader.TryRead(out Pending? pending))
            {
                batch.Add(pending);
                decisions.AddRange(pending.Decisions);
            }

            try
            {
                await writer.WriteAsync(decisions, CancellationToken.None);
                batch.ForEach(p => p.Committed.TrySetResult());
            }
            catch (Exception e)
            {
                LogWriteFailed(logger, decisions.Count, e.GetBaseException().Message);
                batch.ForEach(p => p.Committed.TrySetException(e));
                continue;
            }

            if (flood.Enabled)
            {
                // After the answers went out: the requests do not wait for the counting.
                await flood.CheckAsync(decisions, clock.GetUtcNow(), CancellationToken.None);
            }
        }
    }

    private async Task PurgeAsync()
    {
        try
        {
            while (await _purgeDue.Reader.WaitToReadAsync(_stopping.Token) && _purgeDue.Reader.TryRead(out _))
            {
                try
                {
                    DateTimeOffset before = clock.GetUtcNow() - options.RetainDecisions;
                    long purged = await store.PurgeDecisionsAsync(before, _stopping.Token);
                    if (purged > 0)
                    {
                        LogPurged(logger, purged, before);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A store that is down now is tried again at the next tick; matching goes on meanwhile.
                    LogPurgeFailed(logger, e.GetBaseException().Message);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // stopping
        }
    }

    private sealed class Pending(IReadOnlyList<DecisionRecord> decisions)
    {
        public IReadOnlyList<DecisionRecord> Decisions => decisions;

        // Continuations run on the thread pool, not on the writer's loop, which goes straight on to the next batch.
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record {Count} match decisions: {Reason}; their answers went out without decision ids")]
    private static partial void LogWriteFailed(ILogger logger, int count, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} match decisions answered before {Before:o}")]
    private static partial void LogPurged(ILogger logger, long count, DateTimeOffset before);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not purge old match decisions: {Reason}; retrying in an hour")]
    private static partial void LogPurgeFailed(ILogger logger, string reason);
}
