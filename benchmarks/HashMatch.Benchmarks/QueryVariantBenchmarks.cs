using BenchmarkDotNet.Attributes;
using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Pdq;
using SkiaSharp;

namespace HashMatch.Benchmarks;

/// <summary>
/// What query variants cost per upload: a 1024×768 JPEG (the bridge photo) decoded, hashed and matched against a list
/// of 1M random PDQ hashes (multi-index hashing, r = 31), plain and with each variant set, in one run as ratios to
/// plain. The pixels are decoded once whatever the variants. Target (issue 13): all variants ≤ 4× plain.
/// </summary>
[MemoryDiagnoser]
public class QueryVariantBenchmarks
{
    private byte[] _jpeg = [];
    private byte[] _framedJpeg = [];
    private HashMatcher _plain = null!, _dihedral = null!, _upscale = null!, _trim = null!, _embedded = null!, _all = null!;

    [GlobalSetup]
    public void Setup()
    {
        _jpeg = BenchmarkInputs.Encoded(1024, 768, SKEncodedImageFormat.Jpeg);

        // The same photo with padding and a caption bar, so trim and embedded have work to do.
        using SKBitmap photo = SKBitmap.Decode(_jpeg);
        using var framed = new SKBitmap(new SKImageInfo(1100, 900, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(framed))
        {
            canvas.Clear(SKColors.White);
            canvas.DrawBitmap(photo, 38, 110, SKSamplingOptions.Default, null);
        }

        using (SKData data = framed.Encode(SKEncodedImageFormat.Jpeg, 90))
        {
            _framedJpeg = data.ToArray();
        }

        var random = new Random(1);
        ListEntry[] entries = [.. Enumerable.Range(0, 1_000_000).Select(i => new ListEntry { Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture), Pdq = RandomHashes.Next(random) })];
        KnownList list = KnownList.Create("bench", entries);
        HashMatcher With(QueryVariants variants) => new([list.WithOptions(list.Options with { Variants = variants })]);
        _plain = With(QueryVariants.None);
        _dihedral = With(QueryVariants.PixelDihedral);
        _upscale = With(QueryVariants.Upscale);
        _trim = With(QueryVariants.Trim);
        _embedded = With(QueryVariants.Embedded);
        _all = With(QueryVariants.All);
    }

    [Benchmark(Baseline = true, Description = "plain")]
    public MatchReport Plain() => _plain.MatchEncoded(_jpeg);

    [Benchmark(Description = "pixel-dihedral")]
    public MatchReport PixelDihedral() => _dihedral.MatchEncoded(_jpeg);

    [Benchmark(Description = "upscale (no-op at 1024 px)")]
    public MatchReport Upscale() => _upscale.MatchEncoded(_jpeg);

    [Benchmark(Description = "trim, framed photo")]
    public MatchReport Trim() => _trim.MatchEncoded(_framedJpeg);

    [Benchmark(Description = "embedded, framed photo")]
    public MatchReport Embedded() => _embedded.MatchEncoded(_framedJpeg);

    [Benchmark(Description = "all variants")]
    public MatchReport All() => _all.MatchEncoded(_jpeg);

    [Benchmark(Description = "all variants, framed photo")]
    public MatchReport AllFramed() => _all.MatchEncoded(_framedJpeg);
}
