using HashMatch.Indexing;
using BenchmarkDotNet.Attributes;

namespace HashMatch.Benchmarks;

/// <summary>
/// 10 million hashes (320 MB of hash rows), random and clustered, r = 31: per query, asked one at a time and as one
/// batch of 64 (queries/s at batch sizes 1 and 64), per structure. The BK-tree is left out: at r = 31 it visits
/// nearly every node (see IndexQueryBenchmarks at 1M).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class LargeIndexBenchmarks
{
    private const int QueryCount = 64;
    private HashIndex _index = null!;
    private PdqHash[] _queries = [];
    private readonly List<IndexMatch> _results = [];
    private readonly List<IndexMatch>[] _batch = [.. Enumerable.Range(0, QueryCount).Select(_ => new List<IndexMatch>())];

    [Params(HashDistribution.Random, HashDistribution.Clustered)]
    public HashDistribution Data { get; set; }

    [Params(IndexKind.LinearScan, IndexKind.MultiIndex16, IndexKind.MultiIndex32)]
    public IndexKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        IndexEntry[] entries = IndexData.Entries(10_000_000, Data);
        _queries = IndexData.Queries(entries, Data, QueryCount);
        _index = HashIndex.Create(Kind, entries);
    }

    [Benchmark(OperationsPerInvoke = QueryCount, Description = "batch of 64 r=31, per query")]
    public int Batch()
    {
        foreach (var list in _batch)
        {
            list.Clear();
        }

        _index.QueryBatch(_queries, 31, _batch);
        return _batch.Sum(list => list.Count);
    }

    [Benchmark(OperationsPerInvoke = QueryCount, Description = "query r=31")]
    public int Query()
    {
        int found = 0;
        foreach (PdqHash query in _queries)
        {
            _results.Clear();
            _index.Query(query, 31, _results);
            found += _results.Count;
        }

        return found;
    }
}

/// <summary>Index build time from 1M entries, per structure.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class IndexBuildBenchmarks
{
    private IndexEntry[] _entries = [];

    [Params(IndexKind.LinearScan, InternalIndexKinds.BkTree, IndexKind.MultiIndex16, IndexKind.MultiIndex32)]
    public IndexKind Kind { get; set; }

    [GlobalSetup]
    public void Setup() => _entries = IndexData.Entries(1_000_000, HashDistribution.Random);

    [Benchmark(Description = "build 1M")]
    public int Build() => HashIndex.Create(Kind, _entries).Count;
}
