namespace HashMatch.Tests.Support;

/// <summary>Rotates and flips packed pixel buffers, independently of the hashing code, to check dihedral hashes.</summary>
internal static class PixelTransforms
{
    /// <summary>Applies <paramref name="variant"/> (as <see cref="PdqVariant"/> documents it) to a packed image.</summary>
    public static (byte[] Pixels, int Width, int Height) Apply(byte[] pixels, int width, int height, int bytesPerPixel, PdqVariant variant)
    {
        bool swaps = variant is PdqVariant.Rotate90 or PdqVariant.Rotate270 or PdqVariant.FlipPlus1 or PdqVariant.FlipMinus1;
        int outWidth = swaps ? height : width, outHeight = swaps ? width : height;
        var output = new byte[pixels.Length];
        for (int y = 0; y < outHeight; y++)
        {
            for (int x = 0; x < outWidth; x++)
            {
                // Source pixel (sx, sy) shown at output (x, y).
                var (sx, sy) = variant switch
                {
                    PdqVariant.Original => (x, y),
                    PdqVariant.Rotate90 => (width - 1 - y, x),        // counter-clockwise
                    PdqVariant.Rotate180 => (width - 1 - x, height - 1 - y),
                    PdqVariant.Rotate270 => (y, height - 1 - x),      // clockwise
                    PdqVariant.FlipX => (x, height - 1 - y),          // upside down
                    PdqVariant.FlipY => (width - 1 - x, y),           // mirror
                    PdqVariant.FlipPlus1 => (y, x),                   // main diagonal
                    PdqVariant.FlipMinus1 => (width - 1 - y, height - 1 - x), // anti-diagonal
                    _ => throw new ArgumentOutOfRangeException(nameof(variant)),
                };
                pixels.AsSpan(((sy * width) + sx) * bytesPerPixel, bytesPerPixel).CopyTo(output.AsSpan(((y * outWidth) + x) * bytesPerPixel));
            }
        }

        return (output, outWidth, outHeight);
    }
}
