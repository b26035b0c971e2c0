using BenchmarkDotNet.Attributes;
using HashMatch.Imaging;
using HashMatch.Local;
using HashMatch.Pdq;

namespace HashMatch.Benchmarks;

/// <summary>
/// The local-feature signal against PDQ from the same decoded 1024×768 photo (the bridge photo of testdata/, so
/// corners are photographic, not synthetic). Target (issue 24): computing the signal costs at most twice a PDQ hash.
/// </summary>
[MemoryDiagnoser]
public class LocalSignalBenchmarks
{
    private byte[] _rgba = [];

    [GlobalSetup]
    public void Setup() => _rgba = BenchmarkInputs.Pixels(1024, 768, PixelFormat.Rgba32);

    [Benchmark(Baseline = true, Description = "PDQ 1024x768 Rgba32")]
    public PdqHashResult Pdq() => PdqHasher.Hash(new PixelBuffer(_rgba, 1024, 768, PixelFormat.Rgba32));

    [Benchmark(Description = "local signal 1024x768 Rgba32")]
    // Returns a count, not the signal: the project BenchmarkDotNet generates does not opt in to HASHMATCH0002.
    public int Local() => LocalSignal.Compute(new PixelBuffer(_rgba, 1024, 768, PixelFormat.Rgba32)).FeatureCount;
}
