using HashMatch.Hashing;
using HashMatch.Imaging;
using HashMatch.Pdq;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Imaging;

/// <summary>
/// The default decode must give the hash the reference gives: within Meta's 10-bit tolerance for decoded files, on
/// every kind of picture and at every size, because hash lists are exchanged with organisations that use the
/// reference. "Reference" here is the reference's own method — decode every pixel, then its 512×512 nearest-neighbour
/// resize — which FileConformanceTests shows to match Meta's published hashes at 0 bits.
/// </summary>
[Trait("Cost", "Slow")]
public sealed class DecodeToleranceTests(ITestOutputHelper output)
{
    private const int Tolerance = 10;

    // From just above the 512 pre-resize to camera sizes, in the aspect ratios of screens, scans and cameras.
    private static readonly (int Width, int Height)[] Sizes =
    [
        (520, 600), (640, 640), (700, 900), (1023, 767), (1024, 1024), (1280, 720), (1600, 1200), (2048, 1536), (3000, 2000), (4000, 3000),
    ];

    private static readonly ImageHasher Default = new();
    private static readonly ImageHasher Scaled = new(new ImageHasherOptions { Decode = ImageDecodeOptions.Default with { ScaledDecode = true } });

    [Fact]
    public void Default_decode_gives_the_reference_hash_on_every_generated_picture()
    {
        var rows = new List<(string Case, int Default, int? Scaled)>();
        StressContent[] contents = Enum.GetValues<StressContent>();
        for (int s = 0; s < Sizes.Length; s++)
        {
            var (width, height) = Sizes[s];
            bool large = width * height > 2_000_000;
            for (int c = 0; c < contents.Length; c++)
            {
                // Every kind at every size, alternately JPEG and WebP at quality 100 or 90; WebP's encoder is slow
                // above 2 megapixels, so those sizes are JPEG only.
                int pick = s + c;
                SKEncodedImageFormat format = large || pick % 2 == 0 ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Webp;
                int quality = (pick / 2) % 2 == 0 ? 100 : 90;
                using SKBitmap picture = DecodeStressPictures.Draw(contents[c], width, height, seed: 100 + pick);
                byte[] encoded = DecodeStressPictures.Encode(picture, format, quality);

                PdqHash reference = ReferenceHash(encoded);
                int defaultDistance = reference.DistanceTo(Default.HashEncoded(encoded).Pdq.Hash);
                // The opt-in scaled decode only differs where it reduces: both sides at least 2048.
                int? scaledDistance = Math.Min(width, height) >= 2 * ImageDecodeOptions.Default.MinimumScaledSide
                    ? reference.DistanceTo(Scaled.HashEncoded(encoded).Pdq.Hash)
                    : null;
                rows.Add(($"{width}×{height} {contents[c]} {format} q{quality}", defaultDistance, scaledDistance));
            }
        }

        foreach (var row in rows)
        {
            output.WriteLine($"{row.Default,3} bits default, {(row.Scaled is { } scaled ? $"{scaled,3} bits" : "not reduced")} by the opt-in scaled decode  {row.Case}");
        }

        output.WriteLine($"default: {Distribution(rows.Select(r => r.Default))}");
        output.WriteLine($"opt-in scaled decode: {Distribution(rows.Where(r => r.Scaled is not null).Select(r => r.Scaled!.Value))}");
        Assert.Equal(Sizes.Length * contents.Length, rows.Count);
        Assert.DoesNotContain(rows, r => r.Default > Tolerance);

        // Stronger than the tolerance: the default decode keeps exactly the pixels the reference samples.
        Assert.All(rows, r => Assert.True(r.Default == 0, $"{r.Case}: {r.Default} bits"));
    }

    [Fact]
    public void Scaled_decode_can_leave_the_tolerance_which_is_why_it_is_not_the_default()
    {
        // Block averages and sampled pixels show two different drawings; the opt-in scaled decode (1/2 at 2048×2048)
        // sees the averages, the reference and the default decode the samples.
        using SKBitmap picture = DecodeStressPictures.SamplingDisagreesWithAveraging(2048, 2048, sampledSeed: 1, averagedSeed: 2);
        byte[] jpeg = DecodeStressPictures.Encode(picture, SKEncodedImageFormat.Jpeg, 100);

        PdqHash reference = ReferenceHash(jpeg);
        int defaultDistance = reference.DistanceTo(Default.HashEncoded(jpeg).Pdq.Hash);
        int scaledDistance = reference.DistanceTo(Scaled.HashEncoded(jpeg).Pdq.Hash);
        output.WriteLine($"default {defaultDistance} bits, opt-in scaled decode {scaledDistance} bits");

        Assert.Equal(0, defaultDistance);
        Assert.True(scaledDistance > 3 * Tolerance, $"{scaledDistance} bits");
    }

    [Fact]
    public void Pixel_dihedral_variants_of_a_large_jpeg_still_see_every_pixel()
    {
        // They sample the turned image's pre-resize grid, whose positions the plain 512×512 sample does not hold.
        using SKBitmap picture = DecodeStressPictures.Draw(StressContent.Photo, 1600, 1000, seed: 5);
        byte[] jpeg = DecodeStressPictures.Encode(picture, SKEncodedImageFormat.Jpeg, 90);
        var hasher = new ImageHasher(new ImageHasherOptions { Variants = QueryVariants.PixelDihedral });

        IReadOnlyList<QueryVariantHash> variants = hasher.HashEncoded(jpeg).Variants;
        IReadOnlyList<QueryVariantHash> expected = PdqHasher.HashVariants(DecodeEveryPixel(jpeg), QueryVariants.PixelDihedral);
        Assert.Equal(8, variants.Count);
        Assert.Equal(expected, variants);
    }

    /// <summary>The reference's method: every pixel decoded at full size, then PDQ's own pre-resize.</summary>
    private static PdqHash ReferenceHash(byte[] encoded) => PdqHasher.Hash(DecodeEveryPixel(encoded)).Hash;

    private static unsafe PixelBuffer DecodeEveryPixel(byte[] encoded)
    {
        using SKData data = SKData.CreateCopy(encoded);
        using SKCodec codec = SKCodec.Create(data);
        bool gray = codec.Info.ColorType == SKColorType.Gray8;
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var pixels = new byte[info.BytesSize];
        fixed (byte* destination = pixels)
        {
            Assert.Equal(SKCodecResult.Success, codec.GetPixels(info, (IntPtr)destination, info.RowBytes, new SKCodecOptions(SKZeroInitialized.No)));
        }

        return new PixelBuffer(pixels, info.Width, info.Height, info.RowBytes, gray ? PixelFormat.Gray8 : PixelFormat.Rgba32);
    }

    private static string Distribution(IEnumerable<int> distances) =>
        string.Join(", ", distances.GroupBy(d => d).OrderBy(g => g.Key).Select(g => $"{g.Key} bits: {g.Count()}"));
}
