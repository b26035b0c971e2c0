using HashMatch.Imaging;
using HashMatch.Pdq;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace HashMatch.Tests.Support;

/// <summary>Kinds of generated picture that stress a decoder's agreement with the reference's pixel sampling.</summary>
internal enum StressContent
{
    /// <summary>Soft-edged shapes with mild per-pixel noise: a camera photo's optics and sensor.</summary>
    Photo,

    /// <summary>Hard anti-aliased edges, no blur.</summary>
    SharpShapes,

    /// <summary>Drawn at 256 pixels on the long side, enlarged by pixel repetition (blocky edges).</summary>
    UpscaledNearest,

    /// <summary>Drawn at 256 pixels on the long side, enlarged with bilinear filtering.</summary>
    UpscaledLinear,

    /// <summary>Drawn at 256 pixels on the long side, enlarged with Mitchell cubic filtering.</summary>
    UpscaledCubic,

    /// <summary>Sharp shapes plus independent ±40 noise on every pixel.</summary>
    PixelNoise,

    /// <summary>Sharp shapes plus vertical stripes 1–3 pixels wide (±60).</summary>
    FineStripes,

    /// <summary>Sharp shapes plus a checkerboard of 1–3 pixel squares (±80).</summary>
    FineChecker,

    /// <summary>Sharp shapes plus one-pixel diagonal hairlines.</summary>
    Hairlines,
}

/// <summary>
/// Deterministic test pictures (our own drawings, from a seed) for the decode-tolerance tests: everything from
/// smooth photo-like content to detail at the scale of single pixels, which is where averaging and sampling disagree.
/// </summary>
internal static class DecodeStressPictures
{
    /// <summary>Side of the small drawing that the upscaled kinds enlarge.</summary>
    public const int UpscaleSource = 256;

    /// <summary>Draws a <paramref name="width"/>×<paramref name="height"/> picture of <paramref name="content"/> (opaque RGBA).</summary>
    public static SKBitmap Draw(StressContent content, int width, int height, int seed)
    {
        switch (content)
        {
            case StressContent.Photo:
            {
                SKBitmap photo = SyntheticImages.Draw(width, height, seed, blurSigma: Math.Max(width, height) / 400f);
                AddTexture(photo, seed, (x, y, random) => random.Next(-6, 7));
                return photo;
            }

            case StressContent.UpscaledNearest or StressContent.UpscaledLinear or StressContent.UpscaledCubic:
            {
                double scale = (double)UpscaleSource / Math.Max(width, height);
                using SKBitmap small = SyntheticImages.Draw(Math.Max(8, (int)(width * scale)), Math.Max(8, (int)(height * scale)), seed);
                var large = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
                SKSamplingOptions sampling = content switch
                {
                    StressContent.UpscaledNearest => new SKSamplingOptions(SKFilterMode.Nearest),
                    StressContent.UpscaledLinear => new SKSamplingOptions(SKFilterMode.Linear),
                    _ => new SKSamplingOptions(SKCubicResampler.Mitchell),
                };
                small.ScalePixels(large, sampling);
                return large;
            }

            default:
            {
                SKBitmap picture = SyntheticImages.Draw(width, height, seed);
                int period = 1 + (seed % 3);
                Func<int, int, Random, int>? texture = content switch
                {
                    StressContent.PixelNoise => (x, y, random) => random.Next(-40, 41),
                    StressContent.FineStripes => (x, y, random) => (x / period) % 2 == 0 ? 60 : -60,
                    StressContent.FineChecker => (x, y, random) => ((x / period) + (y / period)) % 2 == 0 ? 80 : -80,
                    StressContent.Hairlines => (x, y, random) => ((7 * x) + (3 * y)) % 11 < 1 ? 70 : 0,
                    _ => null,
                };
                if (texture is not null)
                {
                    AddTexture(picture, seed, texture);
                }

                return picture;
            }
        }
    }

    /// <summary>Encodes <paramref name="bitmap"/> (JPEG or WebP, lossy at <paramref name="quality"/>).</summary>
    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using SKData data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    /// <summary>
    /// A grey picture whose pixels at the reference's 512×512 sample positions show <paramref name="sampledSeed"/>'s
    /// drawing, while every 2×2 block average shows <paramref name="averagedSeed"/>'s: the other three pixels of each
    /// sampled block compensate. Sampling and 2× averaging therefore see two unrelated pictures. Needs sides that are
    /// multiples of 1024 so that no block holds two samples.
    /// </summary>
    public static SKBitmap SamplingDisagreesWithAveraging(int width, int height, int sampledSeed, int averagedSeed)
    {
        using SKBitmap sampled = SyntheticImages.Draw(512, 512, sampledSeed), averaged = SyntheticImages.Draw(width, height, averagedSeed);
        var picture = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        Span<byte> grey = picture.GetPixelSpan();
        ReadOnlySpan<byte> a = sampled.GetPixelSpan(), b = averaged.GetPixelSpan();

        // Grey levels kept in 64..191 so that (4B − A) / 3 stays within 0..255.
        static int Level(ReadOnlySpan<byte> rgba, int i) => 64 + (((rgba[i * 4] + rgba[(i * 4) + 1] + rgba[(i * 4) + 2]) / 3) / 2);
        for (int i = 0; i < width * height; i++)
        {
            grey[i] = (byte)Level(b, i);
        }

        for (int y = 0; y < 512; y++)
        {
            int row = y * height / 512;
            for (int x = 0; x < 512; x++)
            {
                int column = x * width / 512;
                int target = Level(a, (y * 512) + x), mean = Level(b, (row * width) + column);
                byte other = (byte)Math.Clamp((int)Math.Round(((4 * mean) - target) / 3.0), 0, 255);
                grey[(row * width) + column] = (byte)target;
                grey[(row * width) + column + 1] = other;
                grey[((row + 1) * width) + column] = other;
                grey[((row + 1) * width) + column + 1] = other;
            }
        }

        return picture;
    }

    /// <summary>Adds <paramref name="delta"/>(x, y, random) to the three colour channels of every pixel, clamped.</summary>
    private static void AddTexture(SKBitmap bitmap, int seed, Func<int, int, Random, int> delta)
    {
        var random = new Random(seed);
        Span<uint> pixels = MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan());
        int width = bitmap.Width;
        for (int i = 0; i < pixels.Length; i++)
        {
            int d = delta(i % width, i / width, random);
            if (d == 0)
            {
                continue;
            }

            uint p = pixels[i];
            uint r = (uint)Math.Clamp((int)(p & 0xFF) + d, 0, 255);
            uint g = (uint)Math.Clamp((int)((p >> 8) & 0xFF) + d, 0, 255);
            uint b = (uint)Math.Clamp((int)((p >> 16) & 0xFF) + d, 0, 255);
            pixels[i] = (p & 0xFF000000) | (b << 16) | (g << 8) | r;
        }
    }
}
