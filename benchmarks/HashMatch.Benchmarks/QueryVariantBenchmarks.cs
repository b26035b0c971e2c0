using BenchmarkDotNet.Attributes;
using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Pdq;
using SkiaSharp;

namespace HashMatch.Benchmarks;

/// <summary>
/// What query variants cost per upload: a 1024×768 JPEG (the bridge photo) decoded, hashed and matched against a list
/// of 1M random PDQ hashes (multi-index hashing, r = 31), plain and with each variant set, in one run as ratios to
/// plain. The pixels are decoded once whatever the variants. Targets: all variants ≤ 4× plain (issue 13), ≤ 3× with
/// the picture localiser (issue 23); a 1080 × 2340 phone screenshot's decoded pixels hashed with all variants in
/// ≤ 40 ms on one core (<see cref="ScreenshotAllVariants"/>).
/// </summary>
[MemoryDiagnoser]
public class QueryVariantBenchmarks
{
    private byte[] _jpeg = [];
    private byte[] _framedJpeg = [];
    private byte[] _screenshot = [];
    private HashMatcher _plain = null!, _dihedral = null!, _upscale = null!, _region = null!, _all = null!;

    [GlobalSetup]
    public void Setup()
    {
        _jpeg = BenchmarkInputs.Encoded(1024, 768, SKEncodedImageFormat.Jpeg);

        // The same photo with padding and a caption bar, so the localiser has a picture to find.
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

        // A phone screenshot: the photo at the screen's width high in a 1080 × 2340 frame, lines of strokes like text
        // above and below it.
        using (var screen = new SKBitmap(new SKImageInfo(1080, 2340, SKColorType.Rgba8888, SKAlphaType.Unpremul)))
        {
            using (var canvas = new SKCanvas(screen))
            using (var ink = new SKPaint { Color = new SKColor(20, 20, 25), StrokeWidth = 4, IsAntialias = true })
            {
                canvas.Clear(SKColors.White);
                using (SKImage image = SKImage.FromBitmap(photo))
                {
                    canvas.DrawImage(image, SKRect.Create(0, 400, 1080, 810), new SKSamplingOptions(SKCubicResampler.Mitchell));
                }

                foreach (float y in (float[])[120, 180, 240, 300, 1300, 1360, 1420, 1480, 1700, 1760])
                {
                    for (float x = 40; x < 1000; x += 26)
                    {
                        canvas.DrawLine(x, y, x + 12, y - 24, ink);
                    }
                }
            }

            _screenshot = screen.GetPixelSpan().ToArray();
        }

        var random = new Random(1);
        ListEntry[] entries = [.. Enumerable.Range(0, 1_000_000).Select(i => new ListEntry { Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture), Pdq = RandomHashes.Next(random) })];
        KnownList list = KnownList.Create("bench", entries);
        HashMatcher With(QueryVariants variants) => new([list.WithOptions(list.Options with { Variants = variants })]);
        _plain = With(QueryVariants.None);
        _dihedral = With(QueryVariants.PixelDihedral);
        _upscale = With(QueryVariants.Upscale);
        _region = With(QueryVariants.Region);
        _all = With(QueryVariants.All);
    }

    [Benchmark(Baseline = true, Description = "plain")]
    public MatchReport Plain() => _plain.MatchEncoded(_jpeg);

    [Benchmark(Description = "pixel-dihedral")]
    public MatchReport PixelDihedral() => _dihedral.MatchEncoded(_jpeg);

    [Benchmark(Description = "upscale (no-op at 1024 px)")]
    public MatchReport Upscale() => _upscale.MatchEncoded(_jpeg);

    [Benchmark(Description = "region")]
    public MatchReport Region() => _region.MatchEncoded(_jpeg);

    [Benchmark(Description = "region, framed photo")]
    public MatchReport RegionFramed() => _region.MatchEncoded(_framedJpeg);

    [Benchmark(Description = "all variants")]
    public MatchReport All() => _all.MatchEncoded(_jpeg);

    [Benchmark(Description = "all variants, framed photo")]
    public MatchReport AllFramed() => _all.MatchEncoded(_framedJpeg);

    [Benchmark(Description = "all variants, 1080 × 2340 screenshot pixels (no decode, no query)")]
    public int ScreenshotAllVariants() => PdqHasher.HashVariants(new Imaging.PixelBuffer(_screenshot, 1080, 2340, Imaging.PixelFormat.Rgba32), QueryVariants.All).Count;
}
