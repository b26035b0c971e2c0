using HashMatch.Evaluation;
using HashMatch.Imaging;
using SkiaSharp;

namespace HashMatch.Tests.Local;

/// <summary>Pictures for the local-feature tests: the evaluation's seeded synthetic corpus, and copies with known geometry.</summary>
internal static class LocalPictures
{
    /// <summary>The corpus's seed for these tests.</summary>
    public const int Seed = 24;

    /// <summary>A view of <paramref name="bitmap"/>'s pixels.</summary>
    public static PixelBuffer Pixels(SKBitmap bitmap) => new(bitmap.GetPixelSpan(), bitmap.Width, bitmap.Height, bitmap.RowBytes, PixelFormat.Rgba32);

    /// <summary>
    /// The first pictures of the corpus that are not a member of a designed near-duplicate pair (pictures identical but
    /// for a small region, documents of one layout: the same picture to a local signal, so not "distinct").
    /// </summary>
    public static IEnumerable<int> Distinct(SyntheticImageGenerator generator) =>
        Enumerable.Range(0, int.MaxValue).Where(i => generator.Describe(i).Family is not (ImageFamily.SmallRegionPair or ImageFamily.SameLayoutText));

    /// <summary>
    /// <paramref name="source"/> drawn so that known pixel (x, y) lands at query pixel
    /// (x − left, y − top) turned by <paramref name="degrees"/> (clockwise on screen) about the query's centre and
    /// scaled by <paramref name="scale"/>: a crop of width×height known pixels at (left, top), rotated and resized.
    /// </summary>
    public static SKBitmap Copy(SKBitmap source, int left, int top, int width, int height, float degrees, float scale)
    {
        int w = (int)Math.Round(width * scale), h = (int)Math.Round(height * scale);
        var bitmap = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        canvas.RotateDegrees(degrees, w / 2f, h / 2f);
        canvas.Scale(scale);
        canvas.Translate(-left, -top);
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        canvas.Flush();
        return bitmap;
    }
}
