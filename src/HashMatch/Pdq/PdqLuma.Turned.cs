using HashMatch.Imaging;

namespace HashMatch.Pdq;

/// <summary>
/// The luma plane of a rotated or flipped image, sampled straight from the unrotated pixels: for the pixel-dihedral
/// query variants. The plane is exactly <see cref="Fill"/>'s for the turned image — the turned image's pre-resize grid
/// mapped back onto the original's pixels, the same luma arithmetic — so hashing it equals hashing a file that was
/// turned losslessly, without turning the full image. (Turning the 512 × 512 plane instead samples a different
/// grid when the image was larger than 512: a turned copy of a large image then lands a few bits off.)
/// </summary>
internal static partial class PdqLuma
{
    /// <summary>Whether <paramref name="turn"/> swaps width and height.</summary>
    internal static bool Transposes(PdqVariant turn) =>
        turn is PdqVariant.Rotate90 or PdqVariant.Rotate270 or PdqVariant.FlipPlus1 or PdqVariant.FlipMinus1;

    /// <summary>The plane size of <paramref name="turn"/> applied to a <paramref name="width"/>×<paramref name="height"/> image.</summary>
    internal static (int Rows, int Columns) TurnedPlaneSize(int width, int height, PdqVariant turn) =>
        Transposes(turn) ? PlaneSize(height, width) : PlaneSize(width, height);

    /// <summary>Writes the (pre-resized) luma plane of <paramref name="image"/> turned by <paramref name="turn"/>.</summary>
    internal static void FillTurned(PixelBuffer image, PdqVariant turn, Span<float> luma, PlaneLayout layout)
    {
        int width = image.Width, height = image.Height;
        int turnedWidth = Transposes(turn) ? height : width, turnedHeight = Transposes(turn) ? width : height;
        var (rows, columns, stride) = layout;
        int bytesPerPixel = image.Format.BytesPerPixel();
        Span<byte> gathered = stackalloc byte[columns * bytesPerPixel];
        ReadOnlySpan<byte> pixels = image.Pixels;
        for (int y = 0; y < rows; y++)
        {
            // The turned image's pixel that its pre-resize samples here (the same integer grid as Fill).
            int ty = (int)((long)y * turnedHeight / rows);
            for (int x = 0; x < columns; x++)
            {
                int tx = (int)((long)x * turnedWidth / columns);

                // The original pixel shown at (tx, ty) of the turned image; "rotate 90" turns counter-clockwise, as PdqVariant names it.
                var (sx, sy) = turn switch
                {
                    PdqVariant.Rotate90 => (width - 1 - ty, tx),
                    PdqVariant.Rotate180 => (width - 1 - tx, height - 1 - ty),
                    PdqVariant.Rotate270 => (ty, height - 1 - tx),
                    PdqVariant.FlipX => (tx, height - 1 - ty),
                    PdqVariant.FlipY => (width - 1 - tx, ty),
                    PdqVariant.FlipPlus1 => (ty, tx),
                    PdqVariant.FlipMinus1 => (width - 1 - ty, height - 1 - tx),
                    _ => (tx, ty),
                };
                pixels.Slice((sy * image.Stride) + (sx * bytesPerPixel), bytesPerPixel).CopyTo(gathered.Slice(x * bytesPerPixel, bytesPerPixel));
            }

            ConvertRow(gathered, luma.Slice(y * stride, columns), image.Format);
        }
    }
}
