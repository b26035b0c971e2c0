using HashMatch.Evaluation;
using SkiaSharp;

namespace HashMatch.Tests.Evaluation;

/// <summary>
/// The transforms added for the local-feature signal (issue 24) do what <see cref="TransformKind"/> documents: a crop
/// from one side only, text and stickers drawn over the picture without changing its size, and the crop-resize-mirror-JPEG chain at its documented size.
/// </summary>
public sealed class OverdrawTransformTests
{
    private static SKBitmap Source() =>
        new SyntheticImageGenerator(1).Generate(0).Resize(new SKImageInfo(200, 150, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKFilterMode.Linear));

    [Theory]
    [InlineData(0.03)]
    [InlineData(0.1)]
    public void A_side_crop_cuts_one_side_by_the_fraction(double fraction)
    {
        using SKBitmap source = Source();
        var sizes = new HashSet<(int, int)>();
        for (int seed = 0; seed < 12; seed++)
        {
            using SKBitmap result = ImageTransformer.Apply(source, new ImageTransform(TransformKind.SideCrop, fraction), new Random(seed));
            sizes.Add((result.Width, result.Height));
        }

        (int, int) narrower = ((int)Math.Round(200 * (1 - fraction)), 150), shorter = (200, (int)Math.Round(150 * (1 - fraction)));
        Assert.Subset(new HashSet<(int, int)> { narrower, shorter }, sizes);
        Assert.Equal(2, sizes.Count); // both directions occur over a dozen seeds
    }

    [Theory]
    [InlineData(TransformKind.MemeText, 0.2, 0.02)]
    [InlineData(TransformKind.Sticker, 0.05, 0.03)]
    [InlineData(TransformKind.Sticker, 0.1, 0.06)]
    public void Drawing_over_keeps_the_size_and_covers_part_of_the_picture(TransformKind kind, double parameter, double minimumChanged)
    {
        using SKBitmap source = Source();
        using SKBitmap result = ImageTransformer.Apply(source, new ImageTransform(kind, parameter), new Random(3));
        Assert.Equal((source.Width, source.Height), (result.Width, result.Height));
        ReadOnlySpan<byte> before = source.GetPixelSpan(), after = result.GetPixelSpan();
        int changed = 0;
        for (int i = 0; i < before.Length; i += 4)
        {
            changed += Math.Abs(before[i] - after[i]) + Math.Abs(before[i + 1] - after[i + 1]) + Math.Abs(before[i + 2] - after[i + 2]) > 24 ? 1 : 0;
        }

        double share = changed / (double)(source.Width * source.Height);
        Assert.InRange(share, minimumChanged, Math.Min(1, (parameter * 2) + 0.05));
    }

    [Fact]
    public void The_chain_crops_and_resizes()
    {
        using SKBitmap source = Source();
        using SKBitmap result = ImageTransformer.Apply(source, new ImageTransform(TransformKind.CropMirrorJpeg, 0.05), new Random(1));
        Assert.Contains((result.Width, result.Height), new[] { (142, 112), (150, 106) }); // 0.75 × (190×150 or 200×142), halves to even
    }
}
