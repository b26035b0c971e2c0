using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using HashMatch.Indexing;

namespace HashMatch.Benchmarks;

/// <summary>
/// Adding entries one at a time to a live index of 1M hashes (MIH 16×16) while another thread queries it without
/// pause (r = 31, planted and random queries): the cost per add, including the amortised rebuilds of the main
/// structure the additions trigger (one per 31,250 adds at 1M). Adds per second are 10⁹ divided by the mean in ns.
/// <c>--filter '*IndexAdd*'</c>.
/// Uses only the public API, so the same file measures an older build of the library.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class IndexAddBenchmarks
{
    private IndexEntry[] _initial = [];
    private PdqHash[] _added = [];
    private PdqHash[] _queries = [];
    private HashIndex _index = HashIndex.Create(IndexKind.MultiIndex16, []);
    private Thread? _reader;
    private volatile bool _stop;

    /// <summary>Entries added per measured invocation: past one rebuild (at 31,250) and well into the next delta.</summary>
    private const int Adds = 50_000;

    [GlobalSetup]
    public void Setup()
    {
        _initial = IndexData.Entries(1_000_000, HashDistribution.Random);
        _added = [.. IndexData.Entries(Adds, HashDistribution.Random, seed: 9).Select(e => e.Hash)];
        _queries = IndexData.Queries(_initial, HashDistribution.Random, 256);
    }

    [IterationSetup]
    public void StartReader()
    {
        _index = HashIndex.Create(IndexKind.MultiIndex16, _initial);
        _stop = false;
        _reader = new Thread(() =>
        {
            var results = new List<IndexMatch>();
            for (int q = 0; !_stop; q = (q + 1) % _queries.Length)
            {
                results.Clear();
                _index.Query(_queries[q], 31, results);
            }
        });
        _reader.Start();
    }

    [IterationCleanup]
    public void StopReader()
    {
        _stop = true;
        _reader?.Join();
    }

    [Benchmark(Description = "add one entry (1M index, concurrent reader)", OperationsPerInvoke = Adds)]
    public int AddOneAtATime()
    {
        for (int i = 0; i < _added.Length; i++)
        {
            _index.AddRange([new IndexEntry(_added[i], 2_000_000 + i)]);
        }

        return _index.Count;
    }
}
