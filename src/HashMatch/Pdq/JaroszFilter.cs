using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HashMatch;

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
/// unchanged: the column pass vectorizes across adjacent columns directly; the row pass first transposes a strip of
/// rows so that adjacent rows sit in adjacent lanes.
/// </para>
/// </remarks>
internal static class JaroszFilter
{
    /// <summary>Number of row+column box passes (reference: <c>PDQ_NUM_JAROSZ_XY_PASSES</c>).</summary>
    internal const int Passes = 2;

    /// <summary>
    /// Box window for reducing <paramref name="oldDimension"/> samples towards <paramref name="newDimension"/>:
    /// <c>ceil(old / (2·new))</c>, the reference's <c>computeJaroszFilterWindowSize</c>.
    /// </summary>
    internal static int WindowSize(int oldDimension, int newDimension) =>
        (oldDimension + (2 * newDimension) - 1) / (2 * newDimension);

    /// <summary>Floats of scratch space that <see cref="Apply"/> needs for a plane of the given size.</summary>
    internal static int ScratchLength(int rows, int columns) => (rows * columns) + (2 * columns * Vector<float>.Count);

    /// <summary>Filters the row-major plane in place, reducing towards <paramref name="target"/>×<paramref name="target"/>.</summary>
    internal static void Apply(Span<float> plane, Span<float> scratch, int rows, int columns, int target)
    {
        int windowAlongRows = WindowSize(columns, target);
        int windowAlongColumns = WindowSize(rows, target);
        Span<float> temp = scratch[..(rows * columns)];
        Span<float> strips = scratch.Slice(rows * columns, 2 * columns * Vector<float>.Count);
        for (int pass = 0; pass < Passes; pass++)
        {
            BoxAlongRows(plane, temp, strips, rows, columns, windowAlongRows);
            BoxAlongColumns(temp, plane, rows, columns, windowAlongColumns);
        }
    }

    /// <summary>Box-filters every row of <paramref name="input"/> into <paramref name="output"/>.</summary>
    internal static void BoxAlongRows(ReadOnlySpan<float> input, Span<float> output, Span<float> strips, int rows, int columns, int window)
    {
        int lanes = Vector<float>.Count;
        int row = 0;
        if (Vector.IsHardwareAccelerated && columns >= window)
        {
            // A strip holds `lanes` rows transposed: element (c, r) at c·lanes + r, so one vector is one column.
            Span<float> stripIn = strips[..(columns * lanes)];
            Span<float> stripOut = strips.Slice(columns * lanes, columns * lanes);
            for (; row + lanes <= rows; row += lanes)
            {
                for (int r = 0; r < lanes; r++)
                {
                    ReadOnlySpan<float> source = input.Slice((row + r) * columns, columns);
                    for (int c = 0; c < source.Length; c++)
                    {
                        stripIn[(c * lanes) + r] = source[c];
                    }
                }

                BoxVectors(stripIn, stripOut, columns, lanes, window);
                for (int r = 0; r < lanes; r++)
                {
                    Span<float> destination = output.Slice((row + r) * columns, columns);
                    for (int c = 0; c < destination.Length; c++)
                    {
                        destination[c] = stripOut[(c * lanes) + r];
                    }
                }
            }
        }

        for (; row < rows; row++)
        {
            BoxScalar(input[(row * columns)..], output[(row * columns)..], columns, 1, window);
        }
    }

    /// <summary>Box-filters every column of <paramref name="input"/> into <paramref name="output"/>.</summary>
    internal static void BoxAlongColumns(ReadOnlySpan<float> input, Span<float> output, int rows, int columns, int window)
    {
        int column = 0;
        if (Vector.IsHardwareAccelerated && rows >= window)
        {
            for (; column + Vector<float>.Count <= columns; column += Vector<float>.Count)
            {
                BoxVectors(input[column..], output[column..], rows, columns, window);
            }
        }

        for (; column < columns; column++)
        {
            BoxScalar(input[column..], output[column..], rows, columns, window);
        }
    }

    /// <summary>
    /// The reference's <c>box1DFloat</c>: one line of <paramref name="length"/> samples, <paramref name="stride"/>
    /// floats apart, with a window that grows from half size at the start and shrinks back at the end.
    /// </summary>
    internal static void BoxScalar(ReadOnlySpan<float> input, Span<float> output, int length, int stride, int window)
    {
        int halfWindow = (window + 2) / 2;
        int growReps = halfWindow - 1;
        int firstWriteReps = window - halfWindow + 1;
        int fullReps = length - window;
        int shrinkReps = halfWindow - 1;

        int left = 0, right = 0, write = 0, count = 0;
        float sum = 0;
        for (int i = 0; i < growReps; i++, right += stride)
        {
            sum += input[right];
            count++;
        }

        for (int i = 0; i < firstWriteReps; i++, right += stride, write += stride)
        {
            sum += input[right];
            count++;
            output[write] = sum / count;
        }

        for (int i = 0; i < fullReps; i++, left += stride, right += stride, write += stride)
        {
            sum += input[right];
            sum -= input[left];
            output[write] = sum / count;
        }

        for (int i = 0; i < shrinkReps; i++, left += stride, write += stride)
        {
            sum -= input[left];
            count--;
            output[write] = sum / count;
        }
    }

    /// <summary>
    /// <see cref="BoxScalar"/> on <c>Vector&lt;float&gt;.Count</c> adjacent lines at once: the vector at
    /// position <c>k·stride</c> holds sample <c>k</c> of each line. Lane arithmetic is identical to the scalar path.
    /// </summary>
    private static void BoxVectors(ReadOnlySpan<float> input, Span<float> output, int length, int stride, int window)
    {
        int halfWindow = (window + 2) / 2;
        int growReps = halfWindow - 1;
        int firstWriteReps = window - halfWindow + 1;
        int fullReps = length - window;
        int shrinkReps = halfWindow - 1;

        // Bounds: the last vector touched starts at (length - 1)·stride and must fit in both spans.
        int lastStart = (length - 1) * stride;
        if (input.Length < lastStart + Vector<float>.Count || output.Length < lastStart + Vector<float>.Count)
        {
            throw new ArgumentException("Line does not fit in the buffer.");
        }

        ref float inBase = ref MemoryMarshal.GetReference(input);
        ref float outBase = ref MemoryMarshal.GetReference(output);
        nint left = 0, right = 0, write = 0;
        float count = 0;
        Vector<float> sum = Vector<float>.Zero;
        for (int i = 0; i < growReps; i++, right += stride)
        {
            sum += Load(ref inBase, right);
            count++;
        }

        for (int i = 0; i < firstWriteReps; i++, right += stride, write += stride)
        {
            sum += Load(ref inBase, right);
            count++;
            Store(sum / new Vector<float>(count), ref outBase, write);
        }

        var divisor = new Vector<float>(count);
        for (int i = 0; i < fullReps; i++, left += stride, right += stride, write += stride)
        {
            sum += Load(ref inBase, right);
            sum -= Load(ref inBase, left);
            Store(sum / divisor, ref outBase, write);
        }

        for (int i = 0; i < shrinkReps; i++, left += stride, write += stride)
        {
            sum -= Load(ref inBase, left);
            count--;
            Store(sum / new Vector<float>(count), ref outBase, write);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Load(ref float source, nint offset) =>
        Unsafe.ReadUnaligned<Vector<float>>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref source, offset)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector<float> value, ref float destination, nint offset) =>
        Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref destination, offset)), value);
}
