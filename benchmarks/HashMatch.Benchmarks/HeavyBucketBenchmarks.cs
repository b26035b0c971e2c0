using HashMatch.Indexing;
using BenchmarkDotNet.Attributes;

namespace HashMatch.Benchmarks;

/// <summary>
/// Multi-index hashing on 1M skewed hashes (half are near one of 16 popular hashes; see
/// <see cref="HashDistribution.Skewed"/>), r = 31, 64 queries of which about a quarter land in heavy buckets: the
/// segment with its bucket-size check (scan when the buckets hit are heavy) against the same segment without it,
/// and the linear scan. Ratios are against the scan.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class HeavyBucketBenchmarks
{
    private const int QueryCount = 64;
    private const int R = 31;
    private HashStore _store = null!;
    private LinearScanSegment _scan = null!;
    private MultiIndexSegment _checked = null!;
    private MultiIndexSegment _unchecked = null!;
    private PdqHash[] _queries = [];
    private readonly List<IndexMatch> _results = [];

    [Params(16, 32)]
    public int ChunkBits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        IndexEntry[] entries = IndexData.Entries(1_000_000, HashDistribution.Skewed);
        _store = HashStore.From(entries);
        _queries = IndexData.Queries(entries, HashDistribution.Skewed, QueryCount);
        _scan = new LinearScanSegment(_store);
        _checked = new MultiIndexSegment(_store, ChunkBits);
        _unchecked = new MultiIndexSegment(_store, ChunkBits) { AdaptiveFallback = false };
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = QueryCount, Description = "linear scan")]
    public int Scan() => Run(_scan);

    [Benchmark(OperationsPerInvoke = QueryCount, Description = "MIH, bucket-size check")]
    public int Checked() => Run(_checked);

    [Benchmark(OperationsPerInvoke = QueryCount, Description = "MIH, no check")]
    public int Unchecked() => Run(_unchecked);

    private int Run(IndexSegment segment)
    {
        int found = 0;
        foreach (PdqHash query in _queries)
        {
            _results.Clear();
            segment.Search(query, R, _results);
            found += _results.Count;
        }

        return found;
    }
}
