using SkiaSharp;

namespace HashMatch.Evaluation;

/// <summary>What <see cref="SyntheticImageGenerator"/> draws for one index.</summary>
/// <param name="Index">Position in the corpus.</param>
/// <param name="Family">Kind of picture.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct ImageSpec(int Index, ImageFamily Family, int Width, int Height);

/// <summary>
/// Draws the synthetic benign corpus with SkiaSharp: a seeded, deterministic sequence of abstract pictures (see
/// <see cref="ImageFamily"/>) from 64 to 4000 pixels on a side in varied aspect ratios. Image i depends only on
/// (seed, i), so any subset can be generated in any order or in parallel. Nothing here uses the hashing code.
/// </summary>
public sealed class SyntheticImageGenerator(int seed)
{
    private const int PurposeFamily = 1, PurposePair = 2, PurposeSize = 3, PurposeDraw = 4, PurposeVariant = 5;

    private static readonly ImageFamily[] SingleFamilies =
    [
        ImageFamily.Gradient, ImageFamily.Shapes, ImageFamily.Polygons, ImageFamily.Plasma, ImageFamily.Texture,
        ImageFamily.Tiles, ImageFamily.Document, ImageFamily.Screenshot, ImageFamily.Chart, ImageFamily.Composition,
    ];

    private static readonly (int W, int H)[] Aspects = [(1, 1), (4, 3), (3, 4), (16, 9), (9, 16), (3, 2), (2, 3), (2, 1), (1, 2), (21, 9)];

    /// <summary>The run's seed.</summary>
    public int Seed { get; } = seed;

    /// <summary>Family and size of image <paramref name="index"/>.</summary>
    public ImageSpec Describe(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);

        // Pair families are decided per pair (2k, 2k+1) so both members share a base picture and a size.
        int pair = index / 2;
        double p = SeededRandom.For(Seed, pair, PurposePair).NextDouble();
        ImageFamily family;
        int sizeItem = index;
        if (p < 0.06)
        {
            family = p < 0.03 ? ImageFamily.SmallRegionPair : ImageFamily.SameLayoutText;
            sizeItem = -1 - pair;
        }
        else
        {
            Random pick = SeededRandom.For(Seed, index, PurposeFamily);
            family = pick.NextDouble() < 0.03 ? ImageFamily.NearFlat : SingleFamilies[pick.Next(SingleFamilies.Length)];
        }

        var (width, height) = Size(SeededRandom.For(Seed, sizeItem, PurposeSize));
        return new ImageSpec(index, family, width, height);
    }

    /// <summary>Draws image <paramref name="index"/> as opaque RGBA (8 bits per channel). The caller disposes it.</summary>
    public SKBitmap Generate(int index)
    {
        ImageSpec spec = Describe(index);
        var bitmap = new SKBitmap(new SKImageInfo(spec.Width, spec.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        var size = new SKSizeI(spec.Width, spec.Height);
        switch (spec.Family)
        {
            case ImageFamily.SmallRegionPair:
            {
                // The same picture for both members; each gets its own small patch at the same place.
                Random pairRandom = SeededRandom.For(Seed, index / 2, PurposeDraw);
                ImageFamily baseFamily = SingleFamilies[pairRandom.Next(SingleFamilies.Length)];
                var painter = new FamilyPainter(pairRandom);
                painter.Draw(canvas, baseFamily, size);
                SKRect patch = painter.SmallRegion(size);
                var own = new FamilyPainter(SeededRandom.For(Seed, index, PurposeVariant));
                canvas.Save();
                canvas.ClipRect(patch);
                canvas.Translate(patch.Left, patch.Top);
                own.Draw(canvas, ImageFamily.Shapes, new SKSizeI((int)patch.Width, (int)patch.Height));
                canvas.Restore();
                break;
            }

            case ImageFamily.SameLayoutText:
                FamilyPainter.Document(canvas, size, SeededRandom.For(Seed, index / 2, PurposeDraw), SeededRandom.For(Seed, index, PurposeVariant));
                break;

            default:
                new FamilyPainter(SeededRandom.For(Seed, index, PurposeDraw)).Draw(canvas, spec.Family, size);
                break;
        }

        canvas.Flush();
        return bitmap;
    }

    /// <summary>
    /// Long side: 80 % log-uniform in 64–1024, 17 % in 1024–2048, 3 % in 2048–4000 (large pictures are rarer and
    /// slower to draw and transform); aspect ratio from common photo, screen and phone shapes, either orientation.
    /// </summary>
    private static (int Width, int Height) Size(Random random)
    {
        double u = random.NextDouble();
        (double lo, double hi) = u < 0.80 ? (64.0, 1024.0) : u < 0.97 ? (1024.0, 2048.0) : (2048.0, 4000.0);
        int longSide = (int)Math.Round(lo * Math.Pow(hi / lo, random.NextDouble()));
        var (a, b) = Aspects[random.Next(Aspects.Length)];
        int shortSide = Math.Max(16, (int)Math.Round(longSide * (double)Math.Min(a, b) / Math.Max(a, b)));
        return a >= b ? (longSide, shortSide) : (shortSide, longSide);
    }
}
