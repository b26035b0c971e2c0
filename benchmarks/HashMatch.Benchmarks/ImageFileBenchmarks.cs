using HashMatch.Hashing;
using HashMatch.Imaging;
using BenchmarkDotNet.Attributes;
using SkiaSharp;

namespace HashMatch.Benchmarks;

/// <summary>
/// MD5 + PDQ of encoded images held in memory, decoding included: what a service pays per upload. Each large JPEG
/// runs three ways in one run: the default (exact: rows decoded one by one, only the reference's 512×512 samples
/// kept), the opt-in codec-scaled decode, and the baseline whole-image decode (every pixel as RGBA, then PDQ's
/// resize — the reference's method, and HashMatch's exact decode before). Target: 4000×3000 JPEG ≤ 60 ms.
/// </summary>
[MemoryDiagnoser]
public class ImageFileBenchmarks
{
    private static readonly ImageHasher Default = new();
    private static readonly ImageHasher Scaled = new(new ImageHasherOptions { Decode = ImageDecodeOptions.Default with { ScaledDecode = true } });
    private static readonly ImageHasher WholeImage = new(new ImageHasherOptions { Decoder = WholeImageDecoder.Instance });

    private byte[] _jpeg1024 = [];
    private byte[] _jpeg4000 = [];
    private byte[] _png1000 = [];
    private byte[] _webp4000 = [];

    [GlobalSetup]
    public void Setup()
    {
        _jpeg1024 = BenchmarkInputs.Encoded(1024, 768, SKEncodedImageFormat.Jpeg);
        _jpeg4000 = BenchmarkInputs.Encoded(4000, 3000, SKEncodedImageFormat.Jpeg);
        _png1000 = BenchmarkInputs.Encoded(1000, 750, SKEncodedImageFormat.Png);
        _webp4000 = BenchmarkInputs.Encoded(4000, 3000, SKEncodedImageFormat.Webp);
    }

    [Benchmark(Description = "JPEG 1024x768, whole-image decode")]
    public ImageHashes Jpeg1024Whole() => WholeImage.HashEncoded(_jpeg1024);

    [Benchmark(Description = "JPEG 1024x768")]
    public ImageHashes Jpeg1024() => Default.HashEncoded(_jpeg1024);

    [Benchmark(Baseline = true, Description = "JPEG 4000x3000, whole-image decode")]
    public ImageHashes Jpeg4000Whole() => WholeImage.HashEncoded(_jpeg4000);

    [Benchmark(Description = "JPEG 4000x3000")]
    public ImageHashes Jpeg4000() => Default.HashEncoded(_jpeg4000);

    [Benchmark(Description = "JPEG 4000x3000, opt-in scaled decode")]
    public ImageHashes Jpeg4000Scaled() => Scaled.HashEncoded(_jpeg4000);

    [Benchmark(Description = "WebP 4000x3000")]
    public ImageHashes Webp4000() => Default.HashEncoded(_webp4000);

    [Benchmark(Description = "WebP 4000x3000, opt-in scaled decode")]
    public ImageHashes Webp4000Scaled() => Scaled.HashEncoded(_webp4000);

    [Benchmark(Description = "PNG 1000x750")]
    public ImageHashes Png1000() => Default.HashEncoded(_png1000);
}
