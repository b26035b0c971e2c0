using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace HashMatch.Local;

/// <summary>
/// The FAST-9 segment test (Rosten &amp; Drummond 2006, "Machine learning for high-speed corner detection"): a pixel
/// is a corner when 9 contiguous pixels of the 16 on a Bresenham circle of radius 3 around it are all brighter than
/// it by more than a threshold, or all darker by more than it. The test is exact (no learned decision
/// tree), so the vector path and the scalar path mark the same pixels — <c>FastDetectorTests</c> compares them.
/// </summary>
/// <remarks>
/// One condition dispatches: <see cref="Vector128.IsHardwareAccelerated"/> (SSE2 on x64, AdvSimd on ARM64) takes the
/// 16-pixels-at-a-time path in <c>FastDetector.Vector128.cs</c>; otherwise the scalar path here.
/// </remarks>
internal static partial class FastDetector
{
    /// <summary>Intensity difference (of 255) a circle pixel must exceed: ORB's and OpenCV's default of 20.</summary>
    public const int Threshold = 20;

    /// <summary>
    /// The threshold of a second pass on a level that gave too few corners at <see cref="Threshold"/>: soft pictures
    /// (gradients, plasma, blurred photographs) have corners of low contrast only, and no features means no match.
    /// </summary>
    public const int LowThreshold = 8;

    /// <summary>Contiguous circle pixels the test needs (FAST-9, the variant Rosten &amp; Drummond found most repeatable).</summary>
    public const int ArcLength = 9;

    /// <summary>The circle's 16 offsets (dx, dy), clockwise from the top.</summary>
    internal static ReadOnlySpan<sbyte> CircleX => [0, 1, 2, 3, 3, 3, 2, 1, 0, -1, -2, -3, -3, -3, -2, -1];

    /// <summary>The circle's vertical offsets, in the order of <see cref="CircleX"/>.</summary>
    internal static ReadOnlySpan<sbyte> CircleY => [-3, -3, -2, -1, 0, 1, 2, 3, 3, 3, 2, 1, 0, -1, -2, -3];

    /// <summary>The path this process takes (<see cref="HashMatch.Diagnostics.InstructionSetPaths"/>).</summary>
    internal static string Path => Vector128.IsHardwareAccelerated ? "Vector128" : "scalar";

    /// <summary>
    /// Marks the corners of row <paramref name="y"/> between columns <paramref name="start"/> (inclusive) and
    /// <paramref name="end"/> (exclusive) in <paramref name="corners"/> (1 for a corner, 0 otherwise; indexed by
    /// column) at <paramref name="threshold"/> (1..254). The caller keeps 3 pixels of margin around the range.
    /// </summary>
    public static void DetectRow(ReadOnlySpan<byte> plane, int width, int y, int start, int end, int threshold, Span<byte> corners)
    {
        int x = start;
        if (Vector128.IsHardwareAccelerated)
        {
            x = DetectRowVector128(plane, width, y, start, end, threshold, corners);
        }

        DetectRowScalar(plane, width, y, x, end, threshold, corners);
    }

    /// <summary>The scalar path over columns <paramref name="start"/>..<paramref name="end"/>; also the tests' reference.</summary>
    internal static void DetectRowScalar(ReadOnlySpan<byte> plane, int width, int y, int start, int end, int threshold, Span<byte> corners)
    {
        Span<int> offsets = stackalloc int[16];
        for (int k = 0; k < 16; k++)
        {
            offsets[k] = (CircleY[k] * width) + CircleX[k];
        }

        int row = y * width;
        for (int x = start; x < end; x++)
        {
            int centre = plane[row + x];
            int high = centre + threshold, low = centre - threshold;

            // Any 9 contiguous pixels of 16 include at least two of the four at 0, 4, 8 and 12: an exact early exit.
            int brighterCompass = 0, darkerCompass = 0;
            for (int k = 0; k < 16; k += 4)
            {
                int p = plane[row + x + offsets[k]];
                brighterCompass += p > high ? 1 : 0;
                darkerCompass += p < low ? 1 : 0;
            }

            if (brighterCompass < 2 && darkerCompass < 2)
            {
                corners[x] = 0;
                continue;
            }

            uint brighter = 0, darker = 0;
            for (int k = 0; k < 16; k++)
            {
                int p = plane[row + x + offsets[k]];
                brighter |= (p > high ? 1u : 0u) << k;
                darker |= (p < low ? 1u : 0u) << k;
            }

            corners[x] = (byte)(HasArc(brighter) || HasArc(darker) ? 1 : 0);
        }
    }

    /// <summary>Whether the 16-bit circular mask holds <see cref="ArcLength"/> contiguous set bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool HasArc(uint mask)
    {
        uint m = mask | (mask << 16);
        uint run = m;
        for (int i = 1; i < ArcLength; i++)
        {
            run &= m >> i;
        }

        return run != 0;
    }
}
