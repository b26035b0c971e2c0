using HashMatch.Matching;
using HashMatch.Server.Indexing;
using Prometheus;

namespace HashMatch.Server.Monitoring;

/// <summary>
/// The service's own Prometheus metrics, in a registry of its own (several servers can run in one process, as the
/// tests do); <c>/metrics</c> serves them with the per-endpoint request counts and latency histograms of
/// prometheus-net's HTTP middleware.
/// </summary>
internal sealed class ServerMetrics
{
    private readonly HashSet<string> _bankLabels = new(StringComparer.Ordinal);

    public ServerMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry); // process_working_set_bytes, GC and thread counts
        MetricFactory factory = Metrics.WithCustomRegistry(Registry);
        Candidates = factory.CreateCounter("hashmatch_candidates_total", "Candidates reported, by bank, method (md5, sha1, sha256, pdq; vpdq, tmk for videos) and verdict (match, excluded, ...).", "bank", "method", "verdict");
        Queries = factory.CreateCounter("hashmatch_queries_total", "Queries matched: uploaded images (match) and hashes looked up (lookup).", "kind");
        Rejected = factory.CreateCounter("hashmatch_rejected_requests_total", "Requests refused by a limit: rate (429), decode_queue (503), timeout (503).", "reason");
        DecisionsUnrecorded = factory.CreateCounter("hashmatch_decisions_unrecorded_total", "Match decisions answered without being recorded, because the store or its disk failed (the answers say so).");
        ExchangePages = factory.CreateCounter("hashmatch_exchange_pages_total", "Exchange pages applied to their banks, by exchange.", "exchange");
        ExchangeFailures = factory.CreateCounter("hashmatch_exchange_failures_total", "Exchange fetches that failed (the last error is in GET /v1/exchanges), by exchange.", "exchange");
        Entries = factory.CreateGauge("hashmatch_index_entries", "Entries served, by bank and part (base: built at the last rebuild; delta: added since).", "bank", "part");
        Tombstones = factory.CreateGauge("hashmatch_index_tombstones", "Ids removed from a bank since its base was built (hidden until the next rebuild).", "bank");
        MemoryBytes = factory.CreateGauge("hashmatch_index_memory_bytes", "Approximate bytes a bank's lists hold.", "bank");
        Sequence = factory.CreateGauge("hashmatch_index_sequence", "The last change of the bank store this replica has applied.");
        Staleness = factory.CreateGauge("hashmatch_index_staleness_seconds", "Seconds since this replica last confirmed it has every change of the bank store.");
        Rebuilding = factory.CreateGauge("hashmatch_index_rebuilding", "1 while a full rebuild runs beside the live index.");
        RebuildSeconds = factory.CreateHistogram("hashmatch_index_rebuild_duration_seconds", "Time to build a bank's base list (full rebuild, or at start).",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.01, 2, 16), LabelNames = ["bank"] });
    }

    public CollectorRegistry Registry { get; }

    public Counter Candidates { get; }

    public Counter Queries { get; }

    public Counter Rejected { get; }

    public Counter DecisionsUnrecorded { get; }

    public Counter ExchangePages { get; }

    public Counter ExchangeFailures { get; }

    public Gauge Entries { get; }

    public Gauge Tombstones { get; }

    public Gauge MemoryBytes { get; }

    public Gauge Sequence { get; }

    public Gauge Staleness { get; }

    public Gauge Rebuilding { get; }

    public Histogram RebuildSeconds { get; }

    /// <summary>Counts a report's candidates by bank, method and verdict.</summary>
    public void Count(MatchReport report)
    {
        foreach (MatchCandidate candidate in report.Candidates)
        {
            Candidates.WithLabels(candidate.List, MatchMethodNames.Name(candidate.Method), candidate.Verdict.ToString()).Inc();
        }
    }

    /// <summary>Counts an uploaded video's candidates by bank, method (<c>vpdq</c>, <c>tmk</c>) and verdict.</summary>
    public void Count(IEnumerable<VideoCandidate> candidates)
    {
        foreach (VideoCandidate candidate in candidates)
        {
            Candidates.WithLabels(candidate.Bank, candidate.Technology, candidate.Verdict.ToString()).Inc();
        }
    }

    /// <summary>Sets the index gauges from a newly published snapshot (and drops the series of deleted banks).</summary>
    public void Observe(IndexSnapshot snapshot)
    {
        lock (_bankLabels)
        {
            Sequence.Set(snapshot.Sequence);
            var current = new HashSet<string>(StringComparer.Ordinal);
            foreach (BankIndex bank in snapshot.Banks)
            {
                current.Add(bank.Name);
                Entries.WithLabels(bank.Name, "base").Set(bank.List.BaseCount);
                Entries.WithLabels(bank.Name, "delta").Set(bank.List.AddedCount);
                Tombstones.WithLabels(bank.Name).Set(bank.List.RemovedIdCount);
                MemoryBytes.WithLabels(bank.Name).Set(bank.MemoryBytes);
            }

            foreach (string gone in _bankLabels.Except(current).ToList())
            {
                Entries.RemoveLabelled(gone, "base");
                Entries.RemoveLabelled(gone, "delta");
                Tombstones.RemoveLabelled(gone);
                MemoryBytes.RemoveLabelled(gone);
            }

            _bankLabels.Clear();
            _bankLabels.UnionWith(current);
        }
    }
}
