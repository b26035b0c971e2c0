using HashMatch.Imaging;
using HashMatch.Pdq;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Pdq;

/// <summary>
/// Query variants (issues 13 and 23) on generated pictures: a rotated, padded, captioned, framed and small copy is each
/// found by its variant within the threshold — a padded, captioned or framed one by a region variant whose rectangle
/// is the picture's — and an unrelated picture by none.
/// </summary>
public sealed class QueryVariantTests
{
    private const int Threshold = 31;

    private static PdqHashResult Plain(SKBitmap bitmap) => PdqHasher.Hash(Buffer(bitmap));

    private static PixelBuffer Buffer(SKBitmap bitmap) => new(bitmap.GetPixelSpan(), bitmap.Width, bitmap.Height, bitmap.RowBytes, PixelFormat.Rgba32);

    private static IReadOnlyList<QueryVariantHash> Variants(SKBitmap bitmap, QueryVariants variants = QueryVariants.All) => PdqHasher.HashVariants(Buffer(bitmap), variants);

    private static SKBitmap Canvas(int width, int height, SKColor background, Action<SKCanvas> draw) => SyntheticImages.Canvas(width, height, background, draw);

    private static SKBitmap Jpeg(SKBitmap bitmap, int quality = 80) => SyntheticImages.Jpeg(bitmap, quality);

    /// <summary>The picture with seeded value noise of ±24 levels on every pixel.</summary>
    private static SKBitmap Textured(SKBitmap picture)
    {
        var random = new Random(7);
        Span<byte> pixels = picture.GetPixelSpan();
        for (int i = 0; i < pixels.Length; i += 4)
        {
            int noise = random.Next(-24, 25);
            for (int c = 0; c < 3; c++)
            {
                pixels[i + c] = (byte)Math.Clamp(pixels[i + c] + noise, 0, 255);
            }
        }

        return picture;
    }

    private static (QueryVariant Variant, int Distance) Best(IReadOnlyList<QueryVariantHash> variants, PdqHash target) =>
        variants.Select(v => (v.Variant, v.Result.Hash.DistanceTo(target))).MinBy(v => v.Item2);

    [Fact]
    public void The_original_variant_is_the_plain_hash_and_variants_that_do_not_apply_are_absent()
    {
        // Texture up to every edge (a flat margin of a picture would be cut off like padding, rightly), and blurred,
        // textured shapes: no straight line runs long enough to bound a rectangle, so there is no region variant.
        using SKBitmap picture = Textured(SyntheticImages.Draw(640, 480, 11, blurSigma: 1.5f));
        IReadOnlyList<QueryVariantHash> variants = Variants(picture);
        Assert.Equal(new QueryVariantHash(QueryVariant.Original, Plain(picture)), variants[0]);
        Assert.Equal(8, variants.Count(v => v.Variant.Kind is QueryVariantKind.Original or QueryVariantKind.Turned));
        Assert.Equal(Enum.GetValues<PdqVariant>(), variants.Take(8).Select(v => v.Variant.Turn));
        Assert.DoesNotContain(variants, v => v.Variant.Kind is QueryVariantKind.Upscaled or QueryVariantKind.Region);
        Assert.All(variants, v => Assert.Null(v.Variant.Region));
        Assert.Single(Variants(picture, QueryVariants.None));
    }

    [Theory]
    [InlineData(PdqVariant.Rotate90, 640, 480)]
    [InlineData(PdqVariant.Rotate180, 640, 480)]
    [InlineData(PdqVariant.Rotate270, 640, 480)]
    [InlineData(PdqVariant.FlipX, 640, 480)]
    [InlineData(PdqVariant.FlipY, 640, 480)]
    [InlineData(PdqVariant.FlipPlus1, 640, 480)]
    [InlineData(PdqVariant.FlipMinus1, 640, 480)]
    [InlineData(PdqVariant.Rotate90, 300, 500)]
    [InlineData(PdqVariant.FlipMinus1, 1000, 700)]
    public void A_turned_or_flipped_copy_is_found_at_distance_0_by_turning_its_pixels_back(PdqVariant turn, int w0, int h0)
    {
        // Sizes whose filter windows and sampling grids are not mirror-symmetric, where the DCT-domain dihedral hashes
        // miss by up to 120 bits; the turned pixels are sampled exactly as the turned file's would be.
        using SKBitmap picture = SyntheticImages.Draw(w0, h0, 21, blurSigma: 1.5f);
        byte[] pixels = picture.GetPixelSpan().ToArray();
        var (turned, width, height) = PixelTransforms.Apply(pixels, picture.Width, picture.Height, 4, turn);
        var copy = new PixelBuffer(turned, width, height, PixelFormat.Rgba32);
        PdqHash original = Plain(picture).Hash;
        var (variant, distance) = Best(PdqHasher.HashVariants(copy, QueryVariants.PixelDihedral), original);
        Assert.True(distance == 0, $"{turn}: best variant {variant} at {distance} bits");
        Assert.Equal(QueryVariant.Turned(Inverse(turn)), variant);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.15)]
    [InlineData(0.3)]
    public void A_padded_copy_is_found_by_the_region_inside_the_padding(double fraction)
    {
        using SKBitmap picture = SyntheticImages.Draw(600, 400, 31, blurSigma: 1.5f);
        int addW = (int)(picture.Width * fraction), addH = (int)(picture.Height * fraction);
        using SKBitmap padded = Canvas(picture.Width + addW, picture.Height + addH, new SKColor(90, 160, 200), c => c.DrawBitmap(picture, addW / 3, addH / 2, SKSamplingOptions.Default, null));
        using SKBitmap copy = Jpeg(padded);
        PdqHash original = Plain(picture).Hash;
        Assert.True(Plain(copy).Hash.DistanceTo(original) > Threshold, "plain PDQ should miss a padded copy");
        var (variant, distance) = Best(Variants(copy, QueryVariants.Region), original);
        Assert.Equal(QueryVariantKind.Region, variant.Kind);
        Assert.True(distance <= Threshold, $"{variant} at {distance} bits");
        AssertNear(new QueryRegion(addW / 3, addH / 2, picture.Width, picture.Height), variant.Region);
    }

    [Theory]
    [InlineData(0.1, true)]
    [InlineData(0.2, false)]
    public void A_captioned_copy_is_found_by_the_region_under_the_bar(double fraction, bool dark)
    {
        using SKBitmap picture = SyntheticImages.Draw(600, 450, 41, blurSigma: 1.5f);
        int bar = (int)(picture.Height * fraction);
        using var ink = new SKPaint { Color = dark ? SKColors.White : SKColors.Black, IsAntialias = true, StrokeWidth = 3 };
        using SKBitmap captioned = Canvas(picture.Width, picture.Height + bar, dark ? SKColors.Black : SKColors.White, c =>
        {
            c.DrawBitmap(picture, 0, bar, SKSamplingOptions.Default, null);
            for (int x = 30; x < picture.Width - 40; x += 22)
            {
                c.DrawLine(x, bar * 0.3f, x + 12, bar * 0.7f, ink); // strokes like letters
            }
        });
        using SKBitmap copy = Jpeg(captioned);
        PdqHash original = Plain(picture).Hash;
        Assert.True(Plain(copy).Hash.DistanceTo(original) > Threshold, "plain PDQ should miss a captioned copy");
        IReadOnlyList<QueryVariantHash> variants = Variants(copy, QueryVariants.Region);
        var (variant, distance) = Best(variants, original);
        string all = string.Join(", ", variants.Select(v => $"{v.Variant} {v.Result.Hash.DistanceTo(original)}"));
        Assert.True(variant.Kind == QueryVariantKind.Region && distance <= Threshold, $"best {variant} at {distance} bits ({all})");
        AssertNear(new QueryRegion(0, bar, picture.Width, picture.Height), variant.Region);
    }

    [Fact]
    public void A_picture_inside_app_chrome_is_found_by_its_region()
    {
        using SKBitmap picture = SyntheticImages.Draw(400, 300, 51, blurSigma: 1.5f);
        using var bar = new SKPaint { Color = new SKColor(40, 70, 160) };
        using var ink = new SKPaint { Color = new SKColor(40, 40, 40), IsAntialias = true, StrokeWidth = 2 };
        using SKBitmap screenshot = Canvas(560, 520, new SKColor(235, 235, 238), c =>
        {
            c.DrawRect(0, 0, 560, 28, bar);
            for (float y = 60; y < 520; y += 18)
            {
                for (float x = 20; x < 540; x += 14)
                {
                    c.DrawLine(x, y, x + 8, y - 6, ink);
                }
            }

            c.DrawBitmap(picture, 90, 120, SKSamplingOptions.Default, null);
        });
        using SKBitmap copy = Jpeg(screenshot);
        PdqHash original = Plain(picture).Hash;
        Assert.True(Plain(copy).Hash.DistanceTo(original) > Threshold, "plain PDQ should miss a screenshot");
        var (variant, distance) = Best(Variants(copy, QueryVariants.Region), original);
        Assert.Equal(QueryVariantKind.Region, variant.Kind);
        Assert.True(distance <= Threshold, $"{variant} at {distance} bits");
        AssertNear(new QueryRegion(90, 120, picture.Width, picture.Height), variant.Region);
    }

    [Fact]
    public void A_small_copy_is_hashed_again_upscaled()
    {
        using SKBitmap picture = SyntheticImages.Draw(400, 300, 61);
        using var small = new SKBitmap(new SKImageInfo(100, 75, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        picture.ScalePixels(small, new SKSamplingOptions(SKCubicResampler.Mitchell));
        IReadOnlyList<QueryVariantHash> variants = Variants(small, QueryVariants.Upscale);
        QueryVariantHash upscaled = Assert.Single(variants, v => v.Variant == QueryVariant.Upscaled);
        PdqHash original = Plain(picture).Hash;
        Assert.True(upscaled.Result.Hash.DistanceTo(original) <= variants[0].Result.Hash.DistanceTo(original),
            $"upscaled {upscaled.Result.Hash.DistanceTo(original)} bits, plain {variants[0].Result.Hash.DistanceTo(original)}");
    }

    [Fact]
    public void An_unrelated_picture_matches_under_no_variant()
    {
        using SKBitmap picture = SyntheticImages.Draw(600, 400, 71, blurSigma: 1.5f);
        using SKBitmap other = SyntheticImages.Draw(600, 400, 72, blurSigma: 1.5f);
        PdqHash original = Plain(picture).Hash;
        Assert.All(Variants(other), v => Assert.True(v.Result.Hash.DistanceTo(original) > Threshold, $"{v.Variant} at {v.Result.Hash.DistanceTo(original)} bits"));
    }

    /// <summary>Every edge of <paramref name="found"/> within 2 pixels of <paramref name="expected"/>'s.</summary>
    private static void AssertNear(QueryRegion expected, QueryRegion? found)
    {
        Assert.NotNull(found);
        QueryRegion f = found.Value;
        bool near = Math.Abs(f.X - expected.X) <= 2 && Math.Abs(f.Y - expected.Y) <= 2
            && Math.Abs(f.X + f.Width - expected.X - expected.Width) <= 2 && Math.Abs(f.Y + f.Height - expected.Y - expected.Height) <= 2;
        Assert.True(near, $"found {f}, expected {expected}");
    }

    private static PdqVariant Inverse(PdqVariant turn) => turn switch
    {
        PdqVariant.Rotate90 => PdqVariant.Rotate270,
        PdqVariant.Rotate270 => PdqVariant.Rotate90,
        _ => turn,
    };
}
