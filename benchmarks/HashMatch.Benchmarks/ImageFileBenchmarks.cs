using HashMatch.Hashing;
using HashMatch.Imaging;
using BenchmarkDotNet.Attributes;
using SkiaSharp;

namespace HashMatch.Benchmarks;

/// <summary>
/// MD5 + PDQ of encoded images held in memory, decoding included: what a service pays per upload.
/// JPEGs run both ways in one run: codec-scaled decode (the default) and the exact full-size decode.
/// Targets: 4000×3000 JPEG ≤ 60 ms.
/// </summary>
[MemoryDiagnoser]
public class ImageFileBenchmarks
{
    private static readonly ImageHasher Exact = new(new ImageHasherOptions { Decode = ImageDecodeOptions.Default with { ScaledDecode = false } });
    private static readonly ImageHasher Scaled = new(); // the default: codec-scaled decode

    private byte[] _jpeg1024 = [];
    private byte[] _jpeg4000 = [];
    private byte[] _png1000 = [];

    [GlobalSetup]
    public void Setup()
    {
        _jpeg1024 = BenchmarkInputs.Encoded(1024, 768, SKEncodedImageFormat.Jpeg);
        _jpeg4000 = BenchmarkInputs.Encoded(4000, 3000, SKEncodedImageFormat.Jpeg);
        _png1000 = BenchmarkInputs.Encoded(1000, 750, SKEncodedImageFormat.Png);
    }

    [Benchmark(Description = "JPEG 1024x768, exact decode")]
    public ImageHashes Jpeg1024Exact() => Exact.HashEncoded(_jpeg1024);

    [Benchmark(Description = "JPEG 1024x768")]
    public ImageHashes Jpeg1024() => Scaled.HashEncoded(_jpeg1024);

    [Benchmark(Baseline = true, Description = "JPEG 4000x3000, exact decode")]
    public ImageHashes Jpeg4000Exact() => Exact.HashEncoded(_jpeg4000);

    [Benchmark(Description = "JPEG 4000x3000")]
    public ImageHashes Jpeg4000() => Scaled.HashEncoded(_jpeg4000);

    [Benchmark(Description = "PNG 1000x750")]
    public ImageHashes Png1000() => Scaled.HashEncoded(_png1000);
}
