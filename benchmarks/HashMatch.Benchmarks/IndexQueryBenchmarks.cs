using HashMatch.Indexing;
using BenchmarkDotNet.Attributes;

namespace HashMatch.Benchmarks;

/// <summary>
/// Single range queries (µs per query) for every structure, size, radius and data set: half the queries are planted
/// 0–31 bits from a stored hash, half miss. The table's ratio column compares each structure with the linear scan
/// of the same case. This is the measurement behind <see cref="HashIndex.ChooseKind"/>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class IndexQueryBenchmarks
{
    private const int QueryCount = 64;
    private HashIndex _index = null!;
    private PdqHash[] _queries = [];
    private readonly List<IndexMatch> _results = [];

    [Params(10_000, 1_000_000)]
    public int N { get; set; }

    [Params(8, 16, 31, 63)]
    public int R { get; set; }

    [Params(IndexKind.LinearScan, InternalIndexKinds.BkTree, IndexKind.MultiIndex16, IndexKind.MultiIndex32)]
    public IndexKind Kind { get; set; }

    [Params(HashDistribution.Random, HashDistribution.Clustered)]
    public HashDistribution Data { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        IndexEntry[] entries = IndexData.Entries(N, Data);
        _queries = IndexData.Queries(entries, Data, QueryCount);
        _index = HashIndex.Create(Kind, entries);
    }

    [Benchmark(OperationsPerInvoke = QueryCount)]
    public int Query()
    {
        int found = 0;
        foreach (PdqHash query in _queries)
        {
            _results.Clear();
            _index.Query(query, R, _results);
            found += _results.Count;
        }

        return found;
    }
}
