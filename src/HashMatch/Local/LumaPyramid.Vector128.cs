using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HashMatch.Local;

/// <summary>Luma of four-byte pixels four at a time (any hardware with 128-bit vectors: SSE2, AdvSimd).</summary>
internal sealed partial class LumaPyramid
{
    /// <summary>
    /// Converts pixels 0.. of <paramref name="row"/> in groups of four and returns the first pixel it did not convert.
    /// Each 32-bit lane holds one pixel; shifts and a mask give its channels, and the lane computes
    /// 77·R + 150·G + 29·B exactly as <see cref="LumaRow"/> does.
    /// </summary>
    internal static int LumaRowVector128(ReadOnlySpan<byte> row, Span<int> luma, int redShift, int blueShift)
    {
        ref byte source = ref MemoryMarshal.GetReference(row);
        ref int destination = ref MemoryMarshal.GetReference(luma);
        Vector128<int> mask = Vector128.Create(0xFF);
        Vector128<int> red = Vector128.Create(77), green = Vector128.Create(150), blue = Vector128.Create(29);
        int x = 0;
        for (; x + 4 <= luma.Length; x += 4)
        {
            Vector128<int> pixels = Vector128.LoadUnsafe(ref source, (nuint)(x * 4)).AsInt32();
            Vector128<int> y = (red * ((pixels >>> redShift) & mask)) + (green * ((pixels >>> 8) & mask)) + (blue * ((pixels >>> blueShift) & mask));
            y.StoreUnsafe(ref destination, (nuint)x);
        }

        return x;
    }
}
