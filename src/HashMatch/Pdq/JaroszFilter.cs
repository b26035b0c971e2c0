using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HashMatch.Pdq;

/// <summary>
/// Step 2 of PDQ: the Jarosz filter, i.e. a box blur applied twice along rows and columns, which approximates a
/// tent (then a quadratic) filter before decimation (W. Jarosz, "Fast Image Convolutions", SIGGRAPH 2001 course
/// notes; the reference's <c>pdq/cpp/downscaling/downscaling.cpp</c>).
/// </summary>
/// <remarks>
/// <para>
/// Every output value is produced by exactly the reference's sequence of single-precision operations: a running sum
/// along the line (add the entering sample, then subtract the leaving one) divided by the current window size, with
/// windows shrinking at both ends. The float rounding therefore matches the reference bit for bit.
/// </para>
/// <para>
/// Speed comes from running many independent lines at once in SIMD lanes, which leaves each lane's arithmetic
/// unchanged. The column pass vectorizes across adjacent columns directly, four vectors per walk down the plane
/// (whole cache lines, four independent dependency chains). The row pass first transposes a strip of rows so that
/// adjacent rows sit in adjacent lanes, filters it the same way, and transposes back; the transposes use 8×8
/// register blocks where the CPU has them (<c>JaroszFilter.X86.cs</c>) and a scalar loop elsewhere.
/// </para>
/// </remarks>
internal static partial class JaroszFilter
{
    /// <summary>The filter passes' path in this process: <see cref="Vector{T}"/> of floats, or scalar.</summary>
    internal static string Path => UseVectors ? $"Vector<float> × {Vector<float>.Count}" : "scalar";

    /// <summary>Whether the passes run whole vectors of lines side by side; the one condition both passes dispatch on.</summary>
    private static bool UseVectors => Vector.IsHardwareAccelerated;

    /// <summary>Number of row+column box passes (reference: <c>PDQ_NUM_JAROSZ_XY_PASSES</c>).</summary>
    internal const int Passes = 2;

    /// <summary>Vectors filtered side by side in one walk along the lines.</summary>
    private const int VectorsPerWalk = 4;

    /// <summary>Rows per transposed strip in the row pass: one walk's worth of lanes.</summary>
    private static int StripRows => VectorsPerWalk * Vector<float>.Count;

    /// <summary>
    /// Box window for reducing <paramref name="oldDimension"/> samples towards <paramref name="newDimension"/>:
    /// <c>ceil(old / (2·new))</c>, the reference's <c>computeJaroszFilterWindowSize</c>.
    /// </summary>
    internal static int WindowSize(int oldDimension, int newDimension) =>
        (oldDimension + (2 * newDimension) - 1) / (2 * newDimension);

    /// <summary>Floats of scratch space that <see cref="Apply"/> needs for a plane of the given layout.</summary>
    internal static int ScratchLength(PlaneLayout layout) => layout.Length + (2 * layout.Columns * StripRows);

    /// <summary>Filters the plane in place, reducing towards <paramref name="target"/>×<paramref name="target"/>.</summary>
    internal static void Apply(Span<float> plane, Span<float> scratch, PlaneLayout layout, int target)
    {
        int windowAlongRows = WindowSize(layout.Columns, target);
        int windowAlongColumns = WindowSize(layout.Rows, target);
        Span<float> temp = scratch[..layout.Length];
        Span<float> strips = scratch.Slice(layout.Length, 2 * layout.Columns * StripRows);
        for (int pass = 0; pass < Passes; pass++)
        {
            BoxAlongRows(plane, temp, strips, layout, windowAlongRows);
            BoxAlongColumns(temp, plane, layout, windowAlongColumns);
        }
    }

    /// <summary>Box-filters every row of <paramref name="input"/> into <paramref name="output"/>.</summary>
    /// <param name="input">Plane of <paramref name="layout"/>.</param>
    /// <param name="output">Plane of <paramref name="layout"/>.</param>
    /// <param name="strips">At least 2 × columns × <see cref="StripRows"/> floats.</param>
    /// <param name="layout">Rows, columns (the line length) and stride.</param>
    /// <param name="window">Full box window.</param>
    internal static void BoxAlongRows(ReadOnlySpan<float> input, Span<float> output, Span<float> strips, PlaneLayout layout, int window)
    {
        var (rows, columns, stride) = layout;
        int stripRows = StripRows;
        if (input.Length < layout.Length || output.Length < layout.Length || strips.Length < 2 * columns * stripRows)
        {
            throw new ArgumentException("Row-pass buffers are too small.");
        }

        int row = 0;
        if (UseVectors && columns >= window)
        {
            // Strip layout: element (column c, row r) at c·stripRows + r, so adjacent rows share a vector.
            ref float stripIn = ref MemoryMarshal.GetReference(strips);
            ref float stripOut = ref Unsafe.Add(ref stripIn, columns * stripRows);
            ref float source = ref MemoryMarshal.GetReference(input);
            ref float destination = ref MemoryMarshal.GetReference(output);
            for (; row + stripRows <= rows; row += stripRows)
            {
                Transpose(ref Unsafe.Add(ref source, row * stride), stride, ref stripIn, stripRows, stripRows, columns);
                BoxVectorsWide(ref stripIn, ref stripOut, columns, stripRows, window);
                Transpose(ref stripOut, stripRows, ref Unsafe.Add(ref destination, row * stride), stride, columns, stripRows);
            }
        }

        for (; row < rows; row++)
        {
            BoxScalar(input[(row * stride)..], output[(row * stride)..], columns, 1, window);
        }
    }

    /// <summary>Box-filters every column of <paramref name="input"/> into <paramref name="output"/>.</summary>
    internal static void BoxAlongColumns(ReadOnlySpan<float> input, Span<float> output, PlaneLayout layout, int window)
    {
        var (rows, columns, stride) = layout;
        if (input.Length < layout.Length || output.Length < layout.Length)
        {
            throw new ArgumentException("Column-pass buffers are too small.");
        }

        int column = 0;
        if (UseVectors && rows >= window)
        {
            ref float source = ref MemoryMarshal.GetReference(input);
            ref float destination = ref MemoryMarshal.GetReference(output);
            int lanes = Vector<float>.Count;
            for (; column + (VectorsPerWalk * lanes) <= columns; column += VectorsPerWalk * lanes)
            {
                BoxVectorsWide(ref Unsafe.Add(ref source, column), ref Unsafe.Add(ref destination, column), rows, stride, window);
            }

            for (; column + lanes <= columns; column += lanes)
            {
                BoxVectors(ref Unsafe.Add(ref source, column), ref Unsafe.Add(ref destination, column), rows, stride, window);
            }
        }

        for (; column < columns; column++)
        {
            BoxScalar(input[column..], output[column..], rows, stride, window);
        }
    }

    /// <summary>
    /// The reference's <c>box1DFloat</c>: one line of <paramref name="length"/> samples, <paramref name="stride"/>
    /// floats apart, with a window that grows from half size at the start and shrinks back at the end.
    /// </summary>
    internal static void BoxScalar(ReadOnlySpan<float> input, Span<float> output, int length, int stride, int window)
    {
        var phases = new Phases(length, window);
        int left = 0, right = 0, write = 0, count = 0;
        float sum = 0;
        for (int i = 0; i < phases.Grow; i++, right += stride)
        {
            sum += input[right];
            count++;
        }

        for (int i = 0; i < phases.FirstWrites; i++, right += stride, write += stride)
        {
            sum += input[right];
            count++;
            output[write] = sum / count;
        }

        for (int i = 0; i < phases.Full; i++, left += stride, right += stride, write += stride)
        {
            sum += input[right];
            sum -= input[left];
            output[write] = sum / count;
        }

        for (int i = 0; i < phases.Shrink; i++, left += stride, write += stride)
        {
            sum -= input[left];
            count--;
            output[write] = sum / count;
        }
    }

    /// <summary>
    /// <see cref="BoxScalar"/> on <c>Vector&lt;float&gt;.Count</c> adjacent lines: the vector at position
    /// <c>k·stride</c> holds sample <c>k</c> of each line. Lane arithmetic is identical to the scalar path.
    /// Callers guarantee that <c>(length − 1)·stride + Vector&lt;float&gt;.Count</c> floats exist at both refs.
    /// </summary>
    private static void BoxVectors(ref float input, ref float output, int length, int stride, int window)
    {
        var phases = new Phases(length, window);
        nint left = 0, right = 0, write = 0;
        float count = 0;
        Vector<float> sum = Vector<float>.Zero;
        for (int i = 0; i < phases.Grow; i++, right += stride)
        {
            sum += Load(ref input, right);
            count++;
        }

        for (int i = 0; i < phases.FirstWrites; i++, right += stride, write += stride)
        {
            sum += Load(ref input, right);
            count++;
            Store(sum / new Vector<float>(count), ref output, write);
        }

        var divisor = new Vector<float>(count);
        if (IsPowerOfTwo(count))
        {
            var reciprocal = new Vector<float>(1f / count);
            for (int i = 0; i < phases.Full; i++, left += stride, right += stride, write += stride)
            {
                sum += Load(ref input, right);
                sum -= Load(ref input, left);
                Store(sum * reciprocal, ref output, write);
            }
        }
        else
        {
            for (int i = 0; i < phases.Full; i++, left += stride, right += stride, write += stride)
            {
                sum += Load(ref input, right);
                sum -= Load(ref input, left);
                Store(sum / divisor, ref output, write);
            }
        }

        for (int i = 0; i < phases.Shrink; i++, left += stride, write += stride)
        {
            sum -= Load(ref input, left);
            count--;
            Store(sum / new Vector<float>(count), ref output, write);
        }
    }

    /// <summary><see cref="BoxVectors"/> on four adjacent vectors at once (four independent running sums).</summary>
    private static void BoxVectorsWide(ref float input, ref float output, int length, int stride, int window)
    {
        int n = Vector<float>.Count; // vector k of the four starts k·n floats in
        var phases = new Phases(length, window);
        nint left = 0, right = 0, write = 0;
        float count = 0;
        Vector<float> s0 = Vector<float>.Zero, s1 = s0, s2 = s0, s3 = s0;
        for (int i = 0; i < phases.Grow; i++, right += stride)
        {
            s0 += Load(ref input, right);
            s1 += Load(ref input, right + n);
            s2 += Load(ref input, right + (2 * n));
            s3 += Load(ref input, right + (3 * n));
            count++;
        }

        for (int i = 0; i < phases.FirstWrites; i++, right += stride, write += stride)
        {
            s0 += Load(ref input, right);
            s1 += Load(ref input, right + n);
            s2 += Load(ref input, right + (2 * n));
            s3 += Load(ref input, right + (3 * n));
            count++;
            var d = new Vector<float>(count);
            StoreFour(s0 / d, s1 / d, s2 / d, s3 / d, ref output, write, n);
        }

        // Division by a power of two equals multiplication by its exact reciprocal (both round the same real
        // number), and the full window is a power of two for the common sizes (window 1, 2 or 4 up to 512 pixels).
        bool exactReciprocal = IsPowerOfTwo(count);
        var divisor = new Vector<float>(count);
        var reciprocal = new Vector<float>(1f / count);
        for (int i = 0; i < phases.Full; i++, left += stride, right += stride, write += stride)
        {
            s0 += Load(ref input, right);
            s1 += Load(ref input, right + n);
            s2 += Load(ref input, right + (2 * n));
            s3 += Load(ref input, right + (3 * n));
            s0 -= Load(ref input, left);
            s1 -= Load(ref input, left + n);
            s2 -= Load(ref input, left + (2 * n));
            s3 -= Load(ref input, left + (3 * n));
            if (exactReciprocal)
            {
                StoreFour(s0 * reciprocal, s1 * reciprocal, s2 * reciprocal, s3 * reciprocal, ref output, write, n);
            }
            else
            {
                StoreFour(s0 / divisor, s1 / divisor, s2 / divisor, s3 / divisor, ref output, write, n);
            }
        }

        for (int i = 0; i < phases.Shrink; i++, left += stride, write += stride)
        {
            s0 -= Load(ref input, left);
            s1 -= Load(ref input, left + n);
            s2 -= Load(ref input, left + (2 * n));
            s3 -= Load(ref input, left + (3 * n));
            count--;
            var d = new Vector<float>(count);
            StoreFour(s0 / d, s1 / d, s2 / d, s3 / d, ref output, write, n);
        }
    }

    /// <summary>
    /// Copies a <paramref name="rowCount"/>×<paramref name="columnCount"/> block (rows <paramref name="sourceStride"/>
    /// floats apart) to <paramref name="destination"/> transposed: element (r, c) goes to <c>c·destinationStride + r</c>.
    /// </summary>
    private static void Transpose(ref float source, int sourceStride, ref float destination, int destinationStride, int rowCount, int columnCount)
    {
        int row = TransposeBlocks(ref source, sourceStride, ref destination, destinationStride, rowCount, columnCount, out int blockColumns);
        for (int r = 0; r < rowCount; r++)
        {
            // Rows fully covered by register blocks only need their leftover columns.
            int c = r < row ? blockColumns : 0;
            for (; c < columnCount; c++)
            {
                Unsafe.Add(ref destination, (c * destinationStride) + r) = Unsafe.Add(ref source, (r * sourceStride) + c);
            }
        }
    }

    /// <summary>True for 1, 2, 4, 8, ...: divisors whose reciprocal is exact in binary floating point.</summary>
    private static bool IsPowerOfTwo(float count) => count >= 1 && BitOperations.IsPow2((int)count) && (int)count == count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Load(ref float source, nint offset) =>
        Unsafe.ReadUnaligned<Vector<float>>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref source, offset)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector<float> value, ref float destination, nint offset) =>
        Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref destination, offset)), value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreFour(Vector<float> v0, Vector<float> v1, Vector<float> v2, Vector<float> v3, ref float destination, nint offset, int n)
    {
        Store(v0, ref destination, offset);
        Store(v1, ref destination, offset + n);
        Store(v2, ref destination, offset + (2 * n));
        Store(v3, ref destination, offset + (3 * n));
    }

    /// <summary>Iteration counts of the reference's four phases for one line.</summary>
    private readonly struct Phases
    {
        public Phases(int length, int window)
        {
            int halfWindow = (window + 2) / 2; // 7 -> 4, 8 -> 5, as in the reference
            Grow = halfWindow - 1;             // accumulate, no writes
            FirstWrites = window - halfWindow + 1; // writes while the window grows
            Full = length - window;            // writes with the full window
            Shrink = halfWindow - 1;           // writes while the window shrinks
        }

        public int Grow { get; }

        public int FirstWrites { get; }

        public int Full { get; }

        public int Shrink { get; }
    }
}
