using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
internal sealed partial class LumaPyramid : IDisposable
{
    /// <summary>Long side of level 0 in pixels.</summary>
    public const int BaseSide = 512;

    /// <summary>Number of levels.</summary>
    public const int LevelCount = 4;

    /// <summary>Each level's sides are this much shorter than the previous level's.</summary>
    public const double LevelFactor = 1.4142135623730951;

    /// <summary>The most <see cref="Stretch"/> multiplies contrast by: enough for a picture spanning 32 of 255 levels, not enough to make noise of a flat one into corners.</summary>
    private const int MaxGain = 8;

    private readonly byte[][] _raw = new byte[LevelCount][];
    private readonly byte[][] _smooth = new byte[LevelCount][];
    private readonly int[] _widths = new int[LevelCount];
    private readonly int[] _heights = new int[LevelCount];

    private LumaPyramid()
    {
    }

    /// <summary>The luma conversion path this process takes for four-byte pixels (<see cref="HashMatch.Diagnostics.InstructionSetPaths"/>).</summary>
    internal static string Path => Vector128.IsHardwareAccelerated ? "Vector128" : "scalar";

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
                if (boxWidth == w && boxHeight == h)
                {
                    // Pictures of exactly 512, 1,024, 1,536 … on the long side need no second step.
                    boxed.AsSpan(0, w * h).CopyTo(pyramid._raw[0]);
                }
                else
                {
                    Resample(boxed, boxWidth, boxHeight, pyramid._raw[0], w, h);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(boxed);
            }

            Stretch(pyramid._raw[0].AsSpan(0, pyramid._widths[0] * pyramid._heights[0]));
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
    /// 8-bit fixed point (77, 150, 29 of 256). The hottest loop of extraction (every pixel of the picture): each source
    /// row is converted once into a row of luma, then summed into the block row, without bounds checks.
    /// </summary>
    private static void BoxLuma(PixelBuffer image, int box, int width, int height, bool mirrored, Span<byte> destination)
    {
        int bytesPerPixel = image.Format.BytesPerPixel();
        var (redAt, blueAt) = image.Format is PixelFormat.Bgr24 or PixelFormat.Bgra32 ? (2, 0) : (0, 2);
        bool gray = image.Format == PixelFormat.Gray8;
        int used = width * box;
        int[] rented = ArrayPool<int>.Shared.Rent(width + used);
        try
        {
            Span<int> sums = rented.AsSpan(0, width);
            Span<int> luma = rented.AsSpan(width, used);
            int divisor = box * box * (gray ? 1 : 256);
            for (int y = 0; y < height; y++)
            {
                sums.Clear();
                for (int dy = 0; dy < box; dy++)
                {
                    ReadOnlySpan<byte> source = image.Pixels.Slice(((y * box) + dy) * image.Stride, used * bytesPerPixel);
                    LumaRow(source, luma, bytesPerPixel, redAt, blueAt);
                    AddBlocks(luma, sums, box);
                }

                Span<byte> output = destination.Slice(y * width, width);
                for (int x = 0; x < width; x++)
                {
                    output[mirrored ? width - 1 - x : x] = (byte)((sums[x] + (divisor / 2)) / divisor);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Luma of each pixel of <paramref name="row"/>, times 256 (or the grey value itself for one-byte pixels). Four-byte
    /// pixels take the 128-bit path (<c>LumaPyramid.Vector128.cs</c>) where vectors are accelerated: the same integer
    /// products and sums per lane, so the planes are identical either way (tested).
    /// </summary>
    internal static void LumaRow(ReadOnlySpan<byte> row, Span<int> luma, int bytesPerPixel, int redAt, int blueAt)
    {
        ref byte pixel = ref MemoryMarshal.GetReference(row);
        ref int output = ref MemoryMarshal.GetReference(luma);
        int count = luma.Length;
        if (bytesPerPixel == 1)
        {
            for (int x = 0; x < count; x++)
            {
                Unsafe.Add(ref output, x) = Unsafe.Add(ref pixel, x);
            }

            return;
        }

        int start = 0;
        if (bytesPerPixel == 4 && Vector128.IsHardwareAccelerated)
        {
            start = LumaRowVector128(row, luma, redAt * 8, blueAt * 8);
        }

        LumaRowScalar(row, luma, bytesPerPixel, redAt, blueAt, start);
    }

    /// <summary>The scalar path of <see cref="LumaRow"/> for three- and four-byte pixels from <paramref name="start"/> on; also the tests' reference.</summary>
    internal static void LumaRowScalar(ReadOnlySpan<byte> row, Span<int> luma, int bytesPerPixel, int redAt, int blueAt, int start)
    {
        ref byte pixel = ref MemoryMarshal.GetReference(row);
        ref int output = ref MemoryMarshal.GetReference(luma);
        for (int x = start; x < luma.Length; x++)
        {
            ref byte p = ref Unsafe.Add(ref pixel, x * bytesPerPixel);
            Unsafe.Add(ref output, x) = (77 * Unsafe.Add(ref p, redAt)) + (150 * Unsafe.Add(ref p, 1)) + (29 * Unsafe.Add(ref p, blueAt));
        }
    }

    /// <summary>Adds each run of <paramref name="box"/> values of <paramref name="luma"/> to one entry of <paramref name="sums"/>.</summary>
    private static void AddBlocks(ReadOnlySpan<int> luma, Span<int> sums, int box)
    {
        ref int source = ref MemoryMarshal.GetReference(luma);
        ref int sum = ref MemoryMarshal.GetReference(sums);
        int count = sums.Length;
        if (box == 1)
        {
            for (int x = 0; x < count; x++)
            {
                Unsafe.Add(ref sum, x) += Unsafe.Add(ref source, x);
            }

            return;
        }

        if (box == 2)
        {
            // Pictures of 1,024 to 1,535 pixels, the commonest size of uploads: a loop the JIT unrolls.
            for (int x = 0; x < count; x++)
            {
                Unsafe.Add(ref sum, x) += Unsafe.Add(ref source, 2 * x) + Unsafe.Add(ref source, (2 * x) + 1);
            }

            return;
        }

        for (int x = 0; x < count; x++)
        {
            int total = 0;
            ref int block = ref Unsafe.Add(ref source, x * box);
            for (int dx = 0; dx < box; dx++)
            {
                total += Unsafe.Add(ref block, dx);
            }

            Unsafe.Add(ref sum, x) += total;
        }
    }

    /// <summary>
    /// Stretches the plane's levels so its 1st and 99th percentiles become 0 and 255 (gain at most
    /// <see cref="MaxGain"/>): FAST's threshold is absolute, and a picture of low luma contrast — pastel, hazy, or
    /// colourful but nearly isoluminant — would otherwise have no corners, and no corners means no match. It also
    /// undoes brightness and contrast edits before detection.
    /// </summary>
    private static void Stretch(Span<byte> plane)
    {
        Span<int> histogram = stackalloc int[256];
        histogram.Clear();
        foreach (byte v in plane)
        {
            histogram[v]++;
        }

        int tail = plane.Length / 100, low = 0, high = 255;
        for (int seen = 0; low < 255 && seen + histogram[low] <= tail; low++)
        {
            seen += histogram[low];
        }

        for (int seen = 0; high > 0 && seen + histogram[high] <= tail; high--)
        {
            seen += histogram[high];
        }

        int range = Math.Max(high - low, 255 / MaxGain);
        Span<byte> table = stackalloc byte[256];
        for (int v = 0; v < 256; v++)
        {
            table[v] = (byte)Math.Clamp((((v - low) * 255) + (range / 2)) / range, 0, 255);
        }

        foreach (ref byte v in plane)
        {
            v = table[v];
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

    /// <summary>3×3 binomial smoothing ([1 2 1]ᵀ[1 2 1] / 16), edges clamped: vertical sums of each row, then the horizontal pass.</summary>
    private static void Smoothing(ReadOnlySpan<byte> source, Span<byte> destination, int width, int height)
    {
        int[] rented = ArrayPool<int>.Shared.Rent(width + 2);
        try
        {
            Span<int> column = rented.AsSpan(0, width + 2);
            ref int c = ref MemoryMarshal.GetReference(column);
            for (int y = 0; y < height; y++)
            {
                ref byte up = ref MemoryMarshal.GetReference(source.Slice(Math.Max(0, y - 1) * width, width));
                ref byte here = ref MemoryMarshal.GetReference(source.Slice(y * width, width));
                ref byte down = ref MemoryMarshal.GetReference(source.Slice(Math.Min(height - 1, y + 1) * width, width));
                for (int x = 0; x < width; x++)
                {
                    Unsafe.Add(ref c, x + 1) = Unsafe.Add(ref up, x) + (2 * Unsafe.Add(ref here, x)) + Unsafe.Add(ref down, x);
                }

                column[0] = column[1];
                column[width + 1] = column[width];
                ref byte output = ref MemoryMarshal.GetReference(destination.Slice(y * width, width));
                for (int x = 0; x < width; x++)
                {
                    Unsafe.Add(ref output, x) = (byte)((Unsafe.Add(ref c, x) + (2 * Unsafe.Add(ref c, x + 1)) + Unsafe.Add(ref c, x + 2) + 8) >> 4);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }
}
