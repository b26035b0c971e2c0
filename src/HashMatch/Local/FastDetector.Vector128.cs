using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HashMatch.Local;

/// <summary>The FAST-9 test on 16 pixels at a time (any hardware with 128-bit vectors: SSE2, AdvSimd).</summary>
internal static partial class FastDetector
{
    /// <summary>
    /// Tests columns <paramref name="start"/>.. in blocks of 16 and returns the first column it did not test. A block
    /// none of whose pixels has two compass pixels (0, 4, 8, 12) beyond the threshold on one side is skipped: most of a
    /// picture is. Otherwise each lane
    /// keeps the length of the current run of brighter (darker) circle pixels and the longest run seen; walking the
    /// circle 16 + 8 steps finds runs that wrap past the top. The saturating forms of "p &gt; c + t" and
    /// "p &lt; c − t" (max(p, t) − t &gt; c; min(p, 255 − t) + t &lt; c) are exact for bytes, so the lanes agree
    /// with <see cref="DetectRowScalar"/>.
    /// </summary>
    internal static int DetectRowVector128(ReadOnlySpan<byte> plane, int width, int y, int start, int end, int threshold, Span<byte> corners)
    {
        ref byte origin = ref MemoryMarshal.GetReference(plane);
        Span<int> offsets = stackalloc int[16];
        for (int k = 0; k < 16; k++)
        {
            offsets[k] = (CircleY[k] * width) + CircleX[k];
        }

        Vector128<byte> t = Vector128.Create((byte)threshold);
        Vector128<byte> ceiling = Vector128.Create((byte)(255 - threshold));
        Vector128<byte> one = Vector128.Create((byte)1);
        Vector128<byte> shortest = Vector128.Create((byte)(ArcLength - 1));
        int row = y * width;
        int x = start;
        for (; x + 16 <= end; x += 16)
        {
            nuint at = (nuint)(row + x);
            Vector128<byte> centre = Vector128.LoadUnsafe(ref origin, at);

            // The scalar path's exact early exit, for 16 pixels: a corner has two of the four compass pixels on its side.
            Vector128<byte> brighterCompass = Vector128<byte>.Zero, darkerCompass = Vector128<byte>.Zero;
            for (int step = 0; step < 16; step += 4)
            {
                Vector128<byte> p = Vector128.LoadUnsafe(ref origin, (nuint)((nint)at + offsets[step]));
                brighterCompass += Vector128.GreaterThan(Vector128.Max(p, t) - t, centre) & one;
                darkerCompass += Vector128.LessThan(Vector128.Min(p, ceiling) + t, centre) & one;
            }

            if (!Vector128.GreaterThanAny(Vector128.Max(brighterCompass, darkerCompass), one))
            {
                Vector128<byte>.Zero.StoreUnsafe(ref MemoryMarshal.GetReference(corners), (nuint)x);
                continue;
            }

            Vector128<byte> brighterRun = Vector128<byte>.Zero, darkerRun = Vector128<byte>.Zero;
            Vector128<byte> brighterLongest = Vector128<byte>.Zero, darkerLongest = Vector128<byte>.Zero;
            for (int step = 0; step < 16 + ArcLength - 1; step++)
            {
                Vector128<byte> p = Vector128.LoadUnsafe(ref origin, (nuint)((nint)at + offsets[step & 15]));
                Vector128<byte> brighter = Vector128.GreaterThan(Vector128.Max(p, t) - t, centre);
                Vector128<byte> darker = Vector128.LessThan(Vector128.Min(p, ceiling) + t, centre);
                brighterRun = (brighterRun + one) & brighter;
                darkerRun = (darkerRun + one) & darker;
                brighterLongest = Vector128.Max(brighterLongest, brighterRun);
                darkerLongest = Vector128.Max(darkerLongest, darkerRun);
            }

            Vector128<byte> isCorner = Vector128.GreaterThan(Vector128.Max(brighterLongest, darkerLongest), shortest) & one;
            isCorner.StoreUnsafe(ref MemoryMarshal.GetReference(corners), (nuint)x);
        }

        return x;
    }
}
