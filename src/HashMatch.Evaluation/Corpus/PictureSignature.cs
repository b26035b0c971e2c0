using SkiaSharp;

namespace HashMatch.Evaluation;

/// <summary>
/// A picture reduced to the means of its luma over a 32×32 grid of blocks, plus its aspect ratio: enough to tell
/// whether two files hold the same picture (one picture at two sizes, re-encoded, or turned), and independent of
/// PDQ, so that deciding which close pairs of a user's folder are "the same picture" does not rest on the hash whose
/// false positives are being counted. Block means average out resampling and JPEG noise; different pictures
/// differ by tens of levels. Two pictures are compared on the finest grid (32, 16 or 8 blocks a side) at which the
/// smaller one still has two pixels per block: a 36-pixel picture and its 72-pixel original differ by about 5
/// levels on the 32 grid (one pixel per block) and by 2–3 on the 16 grid.
/// </summary>
internal sealed class PictureSignature
{
    /// <summary>Blocks per side.</summary>
    public const int Side = 32;

    /// <summary>Mean absolute difference of the block means (levels of 255) up to which two pictures count as the same picture.</summary>
    public const double SamePictureLimit = 4;

    /// <summary>Relative difference of the aspect ratios allowed for the same picture (rounding of a resized side).</summary>
    public const double AspectTolerance = 0.03;

    /// <summary>The eight orientations <see cref="Compare"/> tries, by index: how the other picture lies relative to this one.</summary>
    public static readonly string[] OrientationNames =
    [
        "as is", "turned 90° clockwise", "turned 180°", "turned 90° counter-clockwise", "mirrored left-right", "mirrored top-bottom",
        "mirrored along the main diagonal", "mirrored along the other diagonal",
    ];

    private readonly float[] _blocks;
    private readonly int _shortSide;

    private PictureSignature(float[] blocks, double aspect, int shortSide)
    {
        _blocks = blocks;
        Aspect = aspect;
        _shortSide = shortSide;
    }

    /// <summary>Width / height.</summary>
    public double Aspect { get; }

    /// <summary>The signature of an opaque RGBA bitmap (Rec. 601 luma; each block averages the pixels that fall in it, at least one).</summary>
    public static PictureSignature Of(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        if (bitmap.ColorType != SKColorType.Rgba8888)
        {
            using SKBitmap rgba = bitmap.Copy(SKColorType.Rgba8888);
            return Of(rgba);
        }

        int w = bitmap.Width, h = bitmap.Height, stride = bitmap.RowBytes;
        ReadOnlySpan<byte> pixels = bitmap.GetPixelSpan();
        var blocks = new float[Side * Side];
        for (int by = 0; by < Side; by++)
        {
            (int y0, int y1) = Range(by, h);
            for (int bx = 0; bx < Side; bx++)
            {
                (int x0, int x1) = Range(bx, w);
                double sum = 0;
                for (int y = y0; y < y1; y++)
                {
                    ReadOnlySpan<byte> row = pixels.Slice(y * stride, w * 4);
                    for (int x = x0; x < x1; x++)
                    {
                        sum += (0.299 * row[x * 4]) + (0.587 * row[(x * 4) + 1]) + (0.114 * row[(x * 4) + 2]);
                    }
                }

                blocks[(by * Side) + bx] = (float)(sum / ((y1 - y0) * (x1 - x0)));
            }
        }

        return new PictureSignature(blocks, w / (double)h, Math.Min(w, h));
    }

    /// <summary>
    /// The smallest mean absolute block difference over the eight orientations of <paramref name="other"/> whose
    /// aspect ratio matches this one's, and that orientation; when no orientation's aspect ratio matches,
    /// the difference as is and <c>AspectMatches = false</c>.
    /// </summary>
    public (double Difference, int Orientation, bool AspectMatches) Compare(PictureSignature other)
    {
        ArgumentNullException.ThrowIfNull(other);
        int smaller = Math.Min(_shortSide, other._shortSide);
        int side = smaller >= 2 * Side ? Side : smaller >= Side ? Side / 2 : Side / 4;
        float[] mine = Coarser(_blocks, side), theirs = Coarser(other._blocks, side);
        double best = double.PositiveInfinity;
        int bestOrientation = -1;
        for (int o = 0; o < OrientationNames.Length; o++)
        {
            double otherAspect = SwapsAxes(o) ? 1 / other.Aspect : other.Aspect;
            if (Math.Abs(otherAspect - Aspect) > AspectTolerance * Math.Max(otherAspect, Aspect))
            {
                continue;
            }

            double difference = Difference(mine, theirs, side, o);
            if (difference < best)
            {
                (best, bestOrientation) = (difference, o);
            }
        }

        return bestOrientation < 0 ? (Difference(mine, theirs, side, 0), 0, false) : (best, bestOrientation, true);
    }

    /// <summary>Whether the verdict of <see cref="Compare"/> is "the same picture".</summary>
    public static bool IsSamePicture((double Difference, int Orientation, bool AspectMatches) comparison) =>
        comparison.AspectMatches && comparison.Difference <= SamePictureLimit;

    private static (int Start, int End) Range(int block, int length)
    {
        int start = block * length / Side;
        return (Math.Min(start, length - 1), Math.Max(Math.Min(start, length - 1) + 1, (block + 1) * length / Side));
    }

    private static bool SwapsAxes(int orientation) => orientation is 1 or 3 or 6 or 7;

    /// <summary>The block means averaged down to <paramref name="side"/> blocks a side (2×2 or 4×4 blocks of the 32 grid each).</summary>
    private static float[] Coarser(float[] blocks, int side)
    {
        if (side == Side)
        {
            return blocks;
        }

        int factor = Side / side;
        var coarse = new float[side * side];
        for (int y = 0; y < Side; y++)
        {
            for (int x = 0; x < Side; x++)
            {
                coarse[(y / factor * side) + (x / factor)] += blocks[(y * Side) + x] / (factor * factor);
            }
        }

        return coarse;
    }

    private static double Difference(float[] mine, float[] theirs, int side, int orientation)
    {
        int last = side - 1;
        double sum = 0;
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                // Where block (x, y) of this picture lies in the other picture under the orientation.
                (int ox, int oy) = orientation switch
                {
                    0 => (x, y),
                    1 => (last - y, x),
                    2 => (last - x, last - y),
                    3 => (y, last - x),
                    4 => (last - x, y),
                    5 => (x, last - y),
                    6 => (y, x),
                    _ => (last - y, last - x),
                };
                sum += Math.Abs(mine[(y * side) + x] - theirs[(oy * side) + ox]);
            }
        }

        return sum / (side * side);
    }
}
