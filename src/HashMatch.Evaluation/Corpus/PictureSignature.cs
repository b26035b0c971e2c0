using SkiaSharp;

namespace HashMatch.Evaluation;

/// <summary>
/// A picture reduced to the means of its luma over a 32×32 grid of blocks, plus its aspect ratio: enough to tell
/// whether two files hold the same picture (one picture at two sizes, re-encoded, or turned), and independent of
/// PDQ, so that deciding which close pairs of a user's folder are "the same picture" does not rest on the hash whose
/// false positives are being counted. Block means average out resampling and JPEG noise; different pictures
/// differ by tens of levels.
/// </summary>
internal sealed class PictureSignature
{
    /// <summary>Blocks per side.</summary>
    public const int Side = 32;

    /// <summary>Mean absolute difference of the block means (levels of 255) up to which two pictures count as the same picture.</summary>
    public const double SamePictureLimit = 4;

    /// <summary>Relative difference of the aspect ratios allowed for the same picture (rounding of a resized side).</summary>
    public const double AspectTolerance = 0.03;

    /// <summary>The eight orientations <see cref="Compare"/> tries, by index.</summary>
    public static readonly string[] OrientationNames =
        ["as is", "turned 90°", "turned 180°", "turned 270°", "mirrored left-right", "mirrored top-bottom", "transposed", "anti-transposed"];

    private readonly float[] _blocks;

    private PictureSignature(float[] blocks, double aspect)
    {
        _blocks = blocks;
        Aspect = aspect;
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

        return new PictureSignature(blocks, w / (double)h);
    }

    /// <summary>
    /// The smallest mean absolute block difference over the eight orientations of <paramref name="other"/> whose
    /// aspect ratio matches this one's, and that orientation; when no orientation's aspect ratio matches,
    /// the difference as is and <c>AspectMatches = false</c>.
    /// </summary>
    public (double Difference, int Orientation, bool AspectMatches) Compare(PictureSignature other)
    {
        ArgumentNullException.ThrowIfNull(other);
        double best = double.PositiveInfinity;
        int bestOrientation = -1;
        for (int o = 0; o < OrientationNames.Length; o++)
        {
            double otherAspect = SwapsAxes(o) ? 1 / other.Aspect : other.Aspect;
            if (Math.Abs(otherAspect - Aspect) > AspectTolerance * Math.Max(otherAspect, Aspect))
            {
                continue;
            }

            double difference = Difference(other, o);
            if (difference < best)
            {
                (best, bestOrientation) = (difference, o);
            }
        }

        return bestOrientation < 0 ? (Difference(other, 0), 0, false) : (best, bestOrientation, true);
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

    private double Difference(PictureSignature other, int orientation)
    {
        const int Last = Side - 1;
        double sum = 0;
        for (int y = 0; y < Side; y++)
        {
            for (int x = 0; x < Side; x++)
            {
                // Where block (x, y) of this picture lies in the other picture under the orientation.
                (int ox, int oy) = orientation switch
                {
                    0 => (x, y),
                    1 => (Last - y, x),
                    2 => (Last - x, Last - y),
                    3 => (y, Last - x),
                    4 => (Last - x, y),
                    5 => (x, Last - y),
                    6 => (y, x),
                    _ => (Last - y, Last - x),
                };
                sum += Math.Abs(_blocks[(y * Side) + x] - other._blocks[(oy * Side) + ox]);
            }
        }

        return sum / (Side * Side);
    }
}
