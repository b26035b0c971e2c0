using SkiaSharp;

namespace HashMatch.Evaluation;

/// <summary>Small PNG pictures of originals for the report's list of close pairs.</summary>
internal static class Thumbnail
{
    /// <summary>Long side of a thumbnail in pixels.</summary>
    public const int LongSide = 128;

    /// <summary>The picture scaled down (never up) to <see cref="LongSide"/>, aspect kept, as PNG bytes.</summary>
    public static byte[] Png(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        double scale = Math.Min(1, LongSide / (double)Math.Max(bitmap.Width, bitmap.Height));
        var info = new SKImageInfo(Math.Max(1, (int)Math.Round(bitmap.Width * scale)), Math.Max(1, (int)Math.Round(bitmap.Height * scale)), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var small = new SKBitmap(info);
        bitmap.ScalePixels(small, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)); // mipmaps: no aliasing of text and edges at 1/30 scale
        using var image = SKImage.FromBitmap(small);
        using SKData data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
