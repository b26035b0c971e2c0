using HashMatch.Server.Indexing;
using HashMatch.Server.Monitoring;
using HashMatch.Server.Storage;

namespace HashMatch.Server.Api;

/// <summary>What the endpoints use, in one service: the store, this replica's index, metrics and the request limits.</summary>
internal sealed record ServerServices(IBankStore Store, IndexFollower Index, ServerMetrics Metrics, ServerOptions Options)
{
    /// <summary>How long a write waits for this replica to serve it before answering (with <c>applied: false</c> if it has not).</summary>
    public TimeSpan ApplyWait => TimeSpan.FromSeconds(10);
}
