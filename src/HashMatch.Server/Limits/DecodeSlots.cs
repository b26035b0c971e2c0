using System.Threading.RateLimiting;
using HashMatch.Server.Monitoring;
using Microsoft.AspNetCore.Http;

namespace HashMatch.Server.Limits;

/// <summary>
/// The cap on images decoded at once, with a short queue: a slot is taken only once the upload's body has arrived,
/// so a client trickling its body holds a connection, not a decode slot (before, two bodies sent at 300 B/s stalled
/// every upload for as long as they lasted: issue 22, finding 6). Beyond slots and queue: 503 with Retry-After.
/// </summary>
internal sealed class DecodeSlots : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly ServerOptions _options;
    private readonly ServerMetrics _metrics;

    public DecodeSlots(ServerOptions options, ServerMetrics metrics)
    {
        _options = options;
        _metrics = metrics;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.MaxConcurrentDecodes,
            QueueLimit = options.DecodeQueue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>A decode slot to dispose when the decode is done, or the 503 problem to answer.</summary>
    public async ValueTask<(IDisposable? Slot, RetryAfterResult? Problem)> AcquireAsync(CancellationToken cancellationToken)
    {
        RateLimitLease lease = await _limiter.AcquireAsync(1, cancellationToken);
        if (lease.IsAcquired)
        {
            return (lease, null);
        }

        lease.Dispose();
        _metrics.Rejected.WithLabels("decode_queue").Inc();
        return (null, Problems.RetryLater(503, "Busy decoding",
            $"{_options.MaxConcurrentDecodes} images are being decoded and {_options.DecodeQueue} wait; retry shortly", 1));
    }

    public void Dispose() => _limiter.Dispose();
}
