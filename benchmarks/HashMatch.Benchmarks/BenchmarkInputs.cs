using HashMatch.Imaging;
using SkiaSharp;

namespace HashMatch.Benchmarks;

/// <summary>
/// Benchmark inputs made from the public, benign bridge photo in testdata/ (Meta's PDQ test image), resized and
/// re-encoded with SkiaSharp, so the JPEG/PNG decoders see photographic content rather than flat synthetic areas.
/// </summary>
internal static class BenchmarkInputs
{
    private static readonly Lazy<SKBitmap> Photo = new(() =>
        SKBitmap.Decode(TestDataPath("pdq-reference/images/reg-test-input/dih/bridge-1-original.jpg")));

    /// <summary>The photo resized to <paramref name="width"/>×<paramref name="height"/> and encoded.</summary>
    public static byte[] Encoded(int width, int height, SKEncodedImageFormat format, int quality = 90)
    {
        using SKBitmap resized = Photo.Value.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using SKData data = resized.Encode(format, quality);
        return data.ToArray();
    }

    /// <summary>The photo resized to <paramref name="width"/>×<paramref name="height"/> as packed pixels of <paramref name="format"/>.</summary>
    public static byte[] Pixels(int width, int height, PixelFormat format)
    {
        using SKBitmap resized = Photo.Value.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKCubicResampler.Mitchell));
        byte[] rgba = resized.Bytes;
        int bpp = format.BytesPerPixel();
        var pixels = new byte[width * height * bpp];
        for (int i = 0; i < width * height; i++)
        {
            byte r = rgba[(i * 4) + 0], g = rgba[(i * 4) + 1], b = rgba[(i * 4) + 2], a = rgba[(i * 4) + 3];
            Span<byte> p = pixels.AsSpan(i * bpp, bpp);
            switch (format)
            {
                case PixelFormat.Gray8: p[0] = (byte)(((r * 299) + (g * 587) + (b * 114)) / 1000); break;
                case PixelFormat.Rgb24: p[0] = r; p[1] = g; p[2] = b; break;
                case PixelFormat.Bgr24: p[0] = b; p[1] = g; p[2] = r; break;
                case PixelFormat.Rgba32: p[0] = r; p[1] = g; p[2] = b; p[3] = a; break;
                case PixelFormat.Bgra32: p[0] = b; p[1] = g; p[2] = r; p[3] = a; break;
            }
        }

        return pixels;
    }

    /// <summary>Finds testdata/ above the running benchmark (BenchmarkDotNet runs from a generated folder).</summary>
    public static string TestDataPath(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HashMatch.sln")))
            {
                return Path.Combine(dir.FullName, "testdata", relative);
            }
        }

        throw new InvalidOperationException($"No HashMatch.sln above {AppContext.BaseDirectory}.");
    }
}
