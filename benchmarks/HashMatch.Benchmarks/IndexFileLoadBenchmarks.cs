using BenchmarkDotNet.Attributes;
using HashMatch.Indexing;
using HashMatch.Lists;
using HashMatch.Matching;

namespace HashMatch.Benchmarks;

/// <summary>
/// Loading an index file of 1M entries (PDQ + MD5, MIH 16×16) into a list ready to match: version 1 (read, then
/// the entry table and the structure built in memory) against version 2 (mapped, checksums verified, columns
/// validated, nothing built). The page cache holds both files, as it does on a service's second start.
/// <c>--filter '*IndexFileLoad*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class IndexFileLoadBenchmarks
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hashmatch-load-").FullName;

    private string V1 => Path.Combine(_directory, "v1.hmidx");

    private string V2 => Path.Combine(_directory, "v2.hmidx");

    [GlobalSetup]
    public void Setup()
    {
        IndexEntry[] entries = IndexData.Entries(1_000_000, HashDistribution.Random);
        HashIndexFile.Save(HashIndex.Create(IndexKind.MultiIndex16, entries), V1);
        var random = new Random(3);
        var digest = new byte[16];
        KnownList list = KnownList.Create("known", entries.Select(e =>
        {
            random.NextBytes(digest);
            return new ListEntry { Id = $"case-{e.Id}", Pdq = e.Hash, Quality = 90, Md5 = ExactHash.FromBytes(ExactHashAlgorithm.Md5, digest) };
        }));
        KnownListFile.Save(list, V2);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true, Description = "version 1: read + build")]
    public int LoadVersion1() => KnownListFile.Load(V1).Count;

    [Benchmark(Description = "version 2: map + verify")]
    public int LoadVersion2() => KnownListFile.Load(V2).Count;
}
