using HashMatch.Hashing;
using BenchmarkDotNet.Attributes;

namespace HashMatch.Benchmarks;

/// <summary>MD5 of a 5 MB file: read once into pooled memory with the digest computed chunk by chunk, vs in memory.</summary>
[MemoryDiagnoser]
public class ExactHashBenchmarks
{
    private const int Size = 5 * 1024 * 1024;
    private string _path = "";
    private byte[] _data = [];

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(5).NextBytes(_data);
        _path = Path.Combine(Path.GetTempPath(), $"hashmatch-md5-bench-{Environment.ProcessId}.bin");
        File.WriteAllBytes(_path, _data);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Baseline = true, Description = "5 MB in memory, MD5 only")]
    public ExactHash InMemoryMd5() => ExactHash.Compute(ExactHashAlgorithm.Md5, _data);

    [Benchmark(Description = "5 MB in memory, MD5 + SHA-1 + SHA-256")]
    public ExactHashes InMemoryAll() => ExactHashes.Compute(_data);

    [Benchmark(Description = "5 MB file, one read + MD5 + SHA-1 + SHA-256")]
    public ExactHashes File5Mb()
    {
        using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        byte[] buffer = DigestingReader.Read(file, _path, long.MaxValue, CancellationToken.None, out _, out ExactHashes digests);
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        return digests;
    }
}
