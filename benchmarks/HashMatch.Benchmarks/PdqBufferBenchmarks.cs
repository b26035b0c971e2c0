using HashMatch.Imaging;
using HashMatch.Pdq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace HashMatch.Benchmarks;

/// <summary>
/// PDQ from an already decoded 512×512 buffer (the core, no decoding). Two jobs in one run: the default (SIMD)
/// and the runtime with hardware intrinsics switched off (every path scalar), so the table shows their ratio.
/// Target: ≤ 1 ms per hash, no allocation.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ScalarComparison))]
public class PdqBufferBenchmarks
{
    private byte[] _rgb = [];
    private byte[] _rgba = [];

    [GlobalSetup]
    public void Setup()
    {
        _rgb = BenchmarkInputs.Pixels(512, 512, PixelFormat.Rgb24);
        _rgba = BenchmarkInputs.Pixels(512, 512, PixelFormat.Rgba32);
    }

    [Benchmark(Description = "512x512 Rgb24")]
    public PdqHashResult Rgb24() => PdqHasher.Hash(new PixelBuffer(_rgb, 512, 512, PixelFormat.Rgb24));

    [Benchmark(Description = "512x512 Rgba32")]
    public PdqHashResult Rgba32() => PdqHasher.Hash(new PixelBuffer(_rgba, 512, 512, PixelFormat.Rgba32));

    [Benchmark(Description = "512x512 Rgb24, 8 dihedral")]
    public PdqDihedralHashes Dihedral() => PdqHasher.HashDihedral(new PixelBuffer(_rgb, 512, 512, PixelFormat.Rgb24));

    private sealed class ScalarComparison : ManualConfig
    {
        public ScalarComparison()
        {
            // Ratio column: each method's SIMD time relative to the same method with every intrinsic disabled.
            AddJob(Job.Default.WithId("Scalar").WithEnvironmentVariable("DOTNET_EnableHWIntrinsic", "0").AsBaseline());
            AddJob(Job.Default.WithId("SIMD"));
            HideColumns("EnvironmentVariables");
        }
    }
}
