using BenchmarkDotNet.Attributes;
using HashMatch.Imaging;
using HashMatch.Local;

namespace HashMatch.Benchmarks;

/// <summary>
/// One query (a signal computed beforehand: 90 features) against indexes of 10⁴ to 10⁶ pictures. Target (issue 24):
/// at most 20 ms at a million pictures on one core.
/// </summary>
/// <remarks>
/// The pictures: 64 real signals of the bridge photo of testdata/ (at 64 sizes), repeated with their descriptors
/// XORed by a per-picture random 64-bit mask (all but picture 0), so every picture is a distinct one to the index
/// while keeping real feature counts and geometry. The masks make the descriptors' chunks nearly uniform; real collections have
/// biased bits and fill some buckets more, so a real index of the same size can be slower (docs/local-features.md).
/// </remarks>
[MemoryDiagnoser]
public class LocalIndexQueryBenchmarks
{
    private LocalIndex _index = null!;
    private LocalSignal _query = null!;

    [Params(10_000, 100_000, 1_000_000)]
    public int Pictures { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        LocalSignal[] real = [.. Enumerable.Range(0, 64).Select(RealSignal)];
        var random = new Random(24);
        var signals = new LocalSignal[Pictures];
        for (int i = 0; i < signals.Length; i++)
        {
            LocalSignal source = real[i % real.Length];
            ulong mask = i == 0 ? 0 : (ulong)random.NextInt64() ^ ((ulong)random.NextInt64() << 32);
            LocalFeature[] features = [.. source.Features.ToArray().Select(f => f with { Descriptor = f.Descriptor ^ mask })];
            signals[i] = new LocalSignal(source.Width, source.Height, mirrored: false, features);
        }

        _index = new LocalIndex(signals);
        // A 10 % crop of the photo (picture 0): it must be found, so the benchmark times a query that does the full work.
        int width = 1024 - 5 - 102, height = 768 - 3;
        byte[] photo = BenchmarkInputs.Pixels(1024 - 5, 768 - 3, PixelFormat.Rgba32);
        _query = LocalSignal.Compute(new PixelBuffer(photo.AsSpan(102 * 4), width, height, (1024 - 5) * 4, PixelFormat.Rgba32));
        if (!_index.Query(_query).Any(m => m.Id == 0))
        {
            throw new InvalidOperationException("the query's picture was not found: the benchmark would time a miss");
        }
    }

    [Benchmark(Description = "query, 90 features")]
    // Returns a count, not the matches: the project BenchmarkDotNet generates does not opt in to HASHMATCH0002.
    public int Query() => _index.Query(_query).Count;

    /// <summary>Signal <paramref name="k"/>: the photo at one of 64 sizes (scaled and cropped differently).</summary>
    private static LocalSignal RealSignal(int k) =>
        LocalSignal.Compute(new PixelBuffer(BenchmarkInputs.Pixels(1024 - k, 768 - (3 * (k % 4)), PixelFormat.Rgba32), 1024 - k, 768 - (3 * (k % 4)), PixelFormat.Rgba32));
}
