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

    /// <summary><paramref name="picture"/> with a tenth of its width cut from the left (a crop PDQ misses; <see cref="Copy"/>).</summary>
    public static SKBitmap CutATenth(SKBitmap picture) =>
        Copy(picture, picture.Width / 10, 0, picture.Width - (picture.Width / 10), picture.Height, 0, 1);

    /// <summary>
    /// The first <paramref name="count"/> distinct corpus pictures (of seed <see cref="Seed"/>, at least 300 pixels a
    /// side) whose <see cref="CutATenth"/> copy a one-picture index finds: not every picture's is (recall at this crop
    /// is about two in three, docs/local-features.md), which is the evaluation's measure; tests of what carries the
    /// signal need pictures it does find.
    /// </summary>
    public static SKBitmap[] FoundWhenCut(int count)
    {
        var generator = new SyntheticImageGenerator(Seed);
        var found = new List<SKBitmap>();
        foreach (int i in Distinct(generator).Take(60))
        {
            SKBitmap picture = generator.Generate(i);
            using SKBitmap cut = CutATenth(picture);
            if (picture.Width >= 300 && picture.Height >= 300 &&
                new HashMatch.Local.LocalIndex([HashMatch.Local.LocalSignal.Compute(Pixels(picture))]).QueryImage(Pixels(cut)).Count == 1)
            {
                found.Add(picture);
                if (found.Count == count)
                {
                    return [.. found];
                }
            }
            else
            {
                picture.Dispose();
            }
        }

        throw new InvalidOperationException($"the corpus's first 60 pictures have fewer than {count} such pictures");
    }

    /// <summary>The bitmap as a PNG file's bytes (lossless: the pixels the tests drew).</summary>
    public static byte[] Png(SKBitmap bitmap)
    {
        using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
