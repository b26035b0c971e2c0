using HashMatch.Indexing;
using BenchmarkDotNet.Attributes;

namespace HashMatch.Benchmarks;

/// <summary>
/// A dihedral query (the eight rotation/flip hashes of one image) against a single query, 1M random hashes, r = 31,
/// per structure; the ratio is the dihedral query's cost in single queries.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class DihedralQueryBenchmarks
{
    private const int R = 31;
    private const int Images = 8;
    private HashIndex _index = null!;
    private PdqHash[] _queries = [];
    private PdqDihedralHashes[] _dihedral = [];
    private readonly List<IndexMatch> _results = [];

    [Params(IndexKind.LinearScan, IndexKind.MultiIndex16)]
    public IndexKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        IndexEntry[] entries = IndexData.Entries(1_000_000, HashDistribution.Random);
        _index = HashIndex.Create(Kind, entries);
        PdqHash[] queries = IndexData.Queries(entries, HashDistribution.Random, Images * 8);
        _queries = queries; // the same 64 hashes the dihedral queries use, so the ratio compares like with like
        _dihedral = [.. Enumerable.Range(0, Images).Select(i => new PdqDihedralHashes(queries.AsSpan(i * 8, 8), 100))];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Images * 8, Description = "single query")]
    public int Single()
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

    [Benchmark(OperationsPerInvoke = Images, Description = "dihedral query (8 variants)")]
    public int Dihedral()
    {
        int found = 0;
        foreach (PdqDihedralHashes query in _dihedral)
        {
            _results.Clear();
            _index.QueryDihedral(query, R, _results);
            found += _results.Count;
        }

        return found;
    }
}
