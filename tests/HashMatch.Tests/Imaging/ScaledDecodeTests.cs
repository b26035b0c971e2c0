using HashMatch.Hashing;
using HashMatch.Imaging;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Imaging;

/// <summary>
/// Codec-scaled decoding (the default) must stay within Meta's 10-bit tolerance of the exact full-size decode, and
/// must only ever reduce to sizes that still cover the reference's 512×512 resize.
/// </summary>
public sealed class ScaledDecodeTests(ITestOutputHelper output)
{
    private static readonly ImageHasher Exact = new(new ImageHasherOptions { Decode = ImageDecodeOptions.Default with { ScaledDecode = false } });
    private static readonly ImageHasher Scaled = new();

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void Scaled_decode_stays_within_10_bits_of_the_exact_decode(SKEncodedImageFormat format)
    {
        var random = new Random(2024);
        var distances = new List<int>();
        for (int i = 0; i < 10; i++)
        {
            int width = random.Next(520, 2600), height = random.Next(520, 2000);
            byte[] encoded = SyntheticImages.Encode(width, height, 100 + i, format, blurSigma: Math.Max(width, height) / 300f);
            ImageHashes exact = Exact.HashEncoded(encoded), scaled = Scaled.HashEncoded(encoded);
            int distance = exact.Pdq.Hash.DistanceTo(scaled.Pdq.Hash);
            output.WriteLine($"{format} {width}×{height} quality {exact.Pdq.Quality}: {distance} bits");
            distances.Add(distance);
            Assert.True(distance <= 10, $"{width}×{height}: {distance} bits");
        }

        output.WriteLine($"median {distances.Order().ElementAt(distances.Count / 2)}, max {distances.Max()}");
    }

    [Theory]
    [InlineData(4000, 3000, true)]
    [InlineData(1600, 1004, true)]
    [InlineData(1000, 500, false)] // a side below 512: must stay full size, or the 512 resize would sample a smaller image
    [InlineData(512, 512, false)]
    [InlineData(400, 300, false)]
    public void Jpeg_is_reduced_only_while_both_sides_stay_at_least_512(int width, int height, bool reduced)
    {
        byte[] jpeg = SyntheticImages.Encode(width, height, 7, SKEncodedImageFormat.Jpeg);
        using DecodedImage image = SkiaImageDecoder.Instance.Decode(jpeg, "t", ImageDecodeOptions.Default);

        Assert.Equal((width, height), (image.EncodedWidth, image.EncodedHeight));
        Assert.Equal(reduced, image.Width < width);
        Assert.True(image.Width >= Math.Min(512, width) && image.Height >= Math.Min(512, height), $"{image.Width}×{image.Height}");
        if (reduced)
        {
            // The smallest n/8 scale: one step smaller would drop a side below 512.
            int eighths = (int)Math.Round(image.Width * 8.0 / width);
            Assert.True(eighths == 1 || Math.Ceiling(Math.Min(width, height) * (eighths - 1) / 8.0) < 512, $"{eighths}/8 is not the smallest scale");
        }
    }
}
