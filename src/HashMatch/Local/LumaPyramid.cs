using System.Buffers;
using HashMatch.Imaging;

namespace HashMatch.Local;

/// <summary>
/// The scale pyramid local features are detected on: the picture's luma resampled so its long side is
/// <see cref="BaseSide"/>, then <see cref="LevelCount"/> levels each <see cref="LevelFactor"/> smaller, every level
/// with a smoothed copy for the descriptor's intensity tests. All arithmetic is in integers, so the planes are
/// identical on every machine and instruction set.
/// </summary>
/// <remarks>
/// ORB (Rublee et al. 2011, "ORB: an efficient alternative to SIFT or SURF") uses 8 levels at a factor of 1.2; four
/// levels at √2 cover the same range of scales (1 to 2.8) with half the pixels, which keeps extraction within the
/// time budget of twice a PDQ hash (docs/local-features.md). Every picture is brought to one base size first, so a
/// level's patch covers the same fraction of any picture and positions quantise onto one grid.
/// </remarks>
internal sealed class LumaPyramid : IDisposable
{
    /// <summary>Long side of level 0 in pixels.</summary>
    public const int BaseSide = 512;

    /// <summary>Number of levels.</summary>
    public const int LevelCount = 4;

    /// <summary>Each level's sides are this much shorter than the previous level's.</summary>
    public const double LevelFactor = 1.4142135623730951;

    private readonly byte[][] _raw = new byte[LevelCount][];
    private readonly byte[][] _smooth = new byte[LevelCount][];
    private readonly int[] _widths = new int[LevelCount];
    private readonly int[] _heights = new int[LevelCount];

    private LumaPyramid()
    {
    }

    /// <summary>Width of level 0.</summary>
    public int BaseWidth => _widths[0];

    /// <summary>Height of level 0.</summary>
    public int BaseHeight => _heights[0];

    /// <summary>Width of <paramref name="level"/>.</summary>
    public int Width(int level) => _widths[level];

    /// <summary>Height of <paramref name="level"/>.</summary>
    public int Height(int level) => _heights[level];

    /// <summary>The luma plane of <paramref name="level"/> (rows of <see cref="Width"/> bytes).</summary>
    public ReadOnlySpan<byte> Raw(int level) => _raw[level].AsSpan(0, _widths[level] * _heights[level]);

    /// <summary>The plane of <paramref name="level"/> smoothed by a 3×3 binomial kernel.</summary>
    public ReadOnlySpan<byte> Smooth(int level) => _smooth[level].AsSpan(0, _widths[level] * _heights[level]);

    /// <summary>Level-0 pixels per pixel of <paramref name="level"/>, horizontally.</summary>
    public double ScaleX(int level) => _widths[0] / (double)_widths[level];

    /// <summary>Level-0 pixels per pixel of <paramref name="level"/>, vertically.</summary>
    public double ScaleY(int level) => _heights[0] / (double)_heights[level];

    /// <summary>Builds the pyramid of <paramref name="image"/>, mirrored left to right when <paramref name="mirrored"/>.</summary>
    public static LumaPyramid Build(PixelBuffer image, bool mirrored)
    {
        var pyramid = new LumaPyramid();
        try
        {
            int longSide = Math.Max(image.Width, image.Height);
            int box = Math.Max(1, longSide / BaseSide);
            int boxWidth = Math.Max(1, image.Width / box), boxHeight = Math.Max(1, image.Height / box);
            byte[] boxed = ArrayPool<byte>.Shared.Rent(boxWidth * boxHeight);
            try
            {
                BoxLuma(image, box, boxWidth, boxHeight, mirrored, boxed);
                var (w, h) = BaseSize(image.Width, image.Height);
                pyramid.Allocate(0, w, h);
                Resample(boxed, boxWidth, boxHeight, pyramid._raw[0], w, h);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(boxed);
            }

            Smoothing(pyramid._raw[0], pyramid._smooth[0], pyramid._widths[0], pyramid._heights[0]);
            for (int level = 1; level < LevelCount; level++)
            {
                int w = Math.Max(1, (int)Math.Round(pyramid._widths[level - 1] / LevelFactor));
                int h = Math.Max(1, (int)Math.Round(pyramid._heights[level - 1] / LevelFactor));
                pyramid.Allocate(level, w, h);
                // Resampled from the smoothed level above, which is the low-pass filter the decimation needs.
                Resample(pyramid._smooth[level - 1], pyramid._widths[level - 1], pyramid._heights[level - 1], pyramid._raw[level], w, h);
                Smoothing(pyramid._raw[level], pyramid._smooth[level], w, h);
            }

            return pyramid;
        }
        catch
        {
            pyramid.Dispose();
            throw;
        }
    }

    /// <summary>The size of level 0 for a <paramref name="width"/>×<paramref name="height"/> picture: long side <see cref="BaseSide"/>.</summary>
    public static (int Width, int Height) BaseSize(int width, int height) => width >= height
        ? (BaseSide, Math.Max(1, (int)Math.Round(height * (double)BaseSide / width)))
        : (Math.Max(1, (int)Math.Round(width * (double)BaseSide / height)), BaseSide);

    /// <inheritdoc/>
    public void Dispose()
    {
        for (int level = 0; level < LevelCount; level++)
        {
            if (_raw[level] is { } raw)
            {
                ArrayPool<byte>.Shared.Return(raw);
                _raw[level] = null!;
            }

            if (_smooth[level] is { } smooth)
            {
                ArrayPool<byte>.Shared.Return(smooth);
                _smooth[level] = null!;
            }
        }
    }

    private void Allocate(int level, int width, int height)
    {
        _widths[level] = width;
        _heights[level] = height;
        _raw[level] = ArrayPool<byte>.Shared.Rent(width * height);
        _smooth[level] = ArrayPool<byte>.Shared.Rent(width * height);
    }

    /// <summary>
    /// Luma averaged over <paramref name="box"/>×<paramref name="box"/> blocks: an integer factor that brings the long
    /// side to between one and two base sides, so the bilinear step after it does not alias. Luma is Rec. 601 in
    /// 8-bit fixed point (77, 150, 29 of 256).
    /// </summary>
    private static void BoxLuma(PixelBuffer image, int box, int width, int height, bool mirrored, Span<byte> destination)
    {
        int bytesPerPixel = image.Format.BytesPerPixel();
        var (redAt, blueAt) = image.Format is PixelFormat.Bgr24 or PixelFormat.Bgra32 ? (2, 0) : (0, 2);
        bool gray = image.Format == PixelFormat.Gray8;
        ReadOnlySpan<byte> pixels = image.Pixels;
        int[] sums = ArrayPool<int>.Shared.Rent(width);
        try
        {
            int divisor = box * box * (gray ? 1 : 256);
            for (int y = 0; y < height; y++)
            {
                Span<int> row = sums.AsSpan(0, width);
                row.Clear();
                for (int dy = 0; dy < box; dy++)
                {
                    ReadOnlySpan<byte> source = pixels.Slice(((y * box) + dy) * image.Stride, image.Width * bytesPerPixel);
                    for (int x = 0; x < width; x++)
                    {
                        int sum = 0;
                        int at = x * box * bytesPerPixel;
                        for (int dx = 0; dx < box; dx++, at += bytesPerPixel)
                        {
                            sum += gray ? source[at] : (77 * source[at + redAt]) + (150 * source[at + 1]) + (29 * source[at + blueAt]);
                        }

                        row[x] += sum;
                    }
                }

                Span<byte> output = destination.Slice(y * width, width);
                for (int x = 0; x < width; x++)
                {
                    output[mirrored ? width - 1 - x : x] = (byte)((row[x] + (divisor / 2)) / divisor);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(sums);
        }
    }

    /// <summary>Bilinear resampling in 8-bit fixed point (pixel centres aligned, edges clamped).</summary>
    private static void Resample(ReadOnlySpan<byte> source, int sourceWidth, int sourceHeight, Span<byte> destination, int width, int height)
    {
        Span<int> x0 = stackalloc int[width];
        Span<int> fx = stackalloc int[width];
        for (int x = 0; x < width; x++)
        {
            (x0[x], fx[x]) = SourcePosition(x, sourceWidth, width);
        }

        for (int y = 0; y < height; y++)
        {
            var (y0, fy) = SourcePosition(y, sourceHeight, height);
            int y1 = Math.Min(y0 + 1, sourceHeight - 1);
            ReadOnlySpan<byte> top = source.Slice(y0 * sourceWidth, sourceWidth), bottom = source.Slice(y1 * sourceWidth, sourceWidth);
            Span<byte> output = destination.Slice(y * width, width);
            for (int x = 0; x < width; x++)
            {
                int left = x0[x], right = Math.Min(left + 1, sourceWidth - 1), f = fx[x];
                int upper = (top[left] * (256 - f)) + (top[right] * f);
                int lower = (bottom[left] * (256 - f)) + (bottom[right] * f);
                output[x] = (byte)(((upper * (256 - fy)) + (lower * fy) + 32768) >> 16);
            }
        }
    }

    /// <summary>The source pixel left of (or above) output pixel <paramref name="i"/>'s centre and the weight of the next one, of 256.</summary>
    private static (int Index, int Fraction) SourcePosition(int i, int sourceLength, int length)
    {
        long position = ((((2L * i) + 1) * sourceLength * 256) / (2L * length)) - 128;
        if (position <= 0)
        {
            return (0, 0);
        }

        int index = (int)(position >> 8);
        return index >= sourceLength - 1 ? (sourceLength - 1, 0) : (index, (int)(position & 255));
    }

    /// <summary>3×3 binomial smoothing ([1 2 1]ᵀ[1 2 1] / 16), edges clamped.</summary>
    private static void Smoothing(ReadOnlySpan<byte> source, Span<byte> destination, int width, int height)
    {
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> up = source.Slice(Math.Max(0, y - 1) * width, width);
            ReadOnlySpan<byte> here = source.Slice(y * width, width);
            ReadOnlySpan<byte> down = source.Slice(Math.Min(height - 1, y + 1) * width, width);
            Span<byte> output = destination.Slice(y * width, width);
            for (int x = 0; x < width; x++)
            {
                int left = Math.Max(0, x - 1), right = Math.Min(width - 1, x + 1);
                int leftColumn = up[left] + (2 * here[left]) + down[left];
                int centreColumn = up[x] + (2 * here[x]) + down[x];
                int rightColumn = up[right] + (2 * here[right]) + down[right];
                output[x] = (byte)((leftColumn + (2 * centreColumn) + rightColumn + 8) >> 4);
            }
        }
    }
}
