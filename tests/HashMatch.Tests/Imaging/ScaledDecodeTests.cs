using HashMatch.Hashing;
using HashMatch.Imaging;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Imaging;

/// <summary>
/// What each decode path hands to PDQ: the default keeps the reference's 512×512 samples of large JPEGs (and decodes
/// other formats whole); the opt-in scaled decode reduces only by whole-number factors that keep both sides ≥ 1024.
/// </summary>
public sealed class ScaledDecodeTests
{
    private static readonly ImageDecodeOptions ScaledOptions = ImageDecodeOptions.Default with { ScaledDecode = true };

    [Theory]
    [InlineData(4000, 3000, 2)]
    [InlineData(2048, 2048, 2)]
    [InlineData(4100, 4100, 4)]
    [InlineData(3000, 2000, 1)] // 1/2 would give 1000 rows, below twice the pre-resize
    [InlineData(1600, 1004, 1)]
    [InlineData(640, 640, 1)] // 7/8 is what the earlier rule used here; fractional scales are no longer taken
    public void Scaled_decode_reduces_by_whole_factors_while_both_sides_stay_at_least_1024(int width, int height, int factor)
    {
        byte[] jpeg = SyntheticImages.Encode(width, height, 7, SKEncodedImageFormat.Jpeg);
        using DecodedImage image = SkiaImageDecoder.Instance.Decode(jpeg, "t", ScaledOptions);

        Assert.Equal((width, height), (image.EncodedWidth, image.EncodedHeight));
        if (factor == 1)
        {
            // Not reduced: the exact path, as by default.
            Assert.Equal(Math.Max(width, height) > 512 ? (512, 512) : (width, height), (image.Width, image.Height));
        }
        else
        {
            Assert.Equal(((width + factor - 1) / factor, (height + factor - 1) / factor), (image.Width, image.Height));
            Assert.True(Math.Min(image.Width, image.Height) >= ScaledOptions.MinimumScaledSide);
        }
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg, 1600, 1004, true)]
    [InlineData(SKEncodedImageFormat.Jpeg, 1000, 300, true)] // one side over 512: the reference resizes both to 512
    [InlineData(SKEncodedImageFormat.Jpeg, 512, 512, false)]
    [InlineData(SKEncodedImageFormat.Png, 1600, 1004, false)] // Skia's PNG codec has no row-by-row decoding
    [InlineData(SKEncodedImageFormat.Webp, 1600, 1004, false)]
    public void Default_decode_keeps_only_the_reference_samples_where_the_codec_decodes_row_by_row(SKEncodedImageFormat format, int width, int height, bool sampled)
    {
        byte[] encoded = SyntheticImages.Encode(width, height, 3, format);
        using DecodedImage image = SkiaImageDecoder.Instance.Decode(encoded, "t", ImageDecodeOptions.Default);

        Assert.Equal((width, height), (image.EncodedWidth, image.EncodedHeight));
        Assert.Equal(sampled ? (512, 512, PixelFormat.Rgb24) : (width, height, PixelFormat.Rgba32), (image.Width, image.Height, image.Format));
    }
}
