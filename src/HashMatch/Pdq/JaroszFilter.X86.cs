using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HashMatch.Pdq;

/// <summary>x86 path of the row pass's transposes: 8×8 blocks in AVX registers.</summary>
internal static partial class JaroszFilter
{
    /// <summary>The transposes' path in this process.</summary>
    internal static string TransposePath => UseAvxTransposes ? "AVX" : "scalar";

    private static bool UseAvxTransposes => Avx.IsSupported;

    /// <summary>
    /// Transposes as many whole 8×8 blocks as fit; returns the number of rows covered and, in
    /// <paramref name="blockColumns"/>, the number of columns covered in those rows. Without AVX, covers nothing.
    /// </summary>
    private static int TransposeBlocks(ref float source, int sourceStride, ref float destination, int destinationStride, int rowCount, int columnCount, out int blockColumns)
    {
        blockColumns = columnCount & ~7;
        if (!UseAvxTransposes || blockColumns == 0)
        {
            blockColumns = 0;
            return 0;
        }

        int row = 0;
        for (; row + 8 <= rowCount; row += 8)
        {
            for (int column = 0; column < blockColumns; column += 8)
            {
                Transpose8x8(
                    ref Unsafe.Add(ref source, (row * sourceStride) + column), sourceStride,
                    ref Unsafe.Add(ref destination, (column * destinationStride) + row), destinationStride);
            }
        }

        return row;
    }

    /// <summary>The standard unpack / shuffle / 128-bit-permute transpose of eight 8-float rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref float source, nint sourceStride, ref float destination, nint destinationStride)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref source);
        Vector256<float> r1 = Vector256.LoadUnsafe(ref source, (nuint)sourceStride);
        Vector256<float> r2 = Vector256.LoadUnsafe(ref source, (nuint)(2 * sourceStride));
        Vector256<float> r3 = Vector256.LoadUnsafe(ref source, (nuint)(3 * sourceStride));
        Vector256<float> r4 = Vector256.LoadUnsafe(ref source, (nuint)(4 * sourceStride));
        Vector256<float> r5 = Vector256.LoadUnsafe(ref source, (nuint)(5 * sourceStride));
        Vector256<float> r6 = Vector256.LoadUnsafe(ref source, (nuint)(6 * sourceStride));
        Vector256<float> r7 = Vector256.LoadUnsafe(ref source, (nuint)(7 * sourceStride));

        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);

        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref destination);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref destination, (nuint)destinationStride);
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref destination, (nuint)(2 * destinationStride));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref destination, (nuint)(3 * destinationStride));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref destination, (nuint)(4 * destinationStride));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref destination, (nuint)(5 * destinationStride));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref destination, (nuint)(6 * destinationStride));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref destination, (nuint)(7 * destinationStride));
    }
}
