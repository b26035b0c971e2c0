using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HashMatch;

/// <summary>
/// AVX-512VBMI byte popcounts for the eight-query kernel: <c>vpermb</c> indexes a 64-entry table with the low six
/// bits of each byte, so a byte's count is two lookups — bits 0–5 directly, bits 6–7 after a 16-bit shift by two
/// (which brings bits 2–7 of every byte into its own low six bits) — with no masking. That is five instructions per
/// vector where the nibble table (<c>HammingScan.Batch.Avx512BW.cs</c>) needs seven.
/// </summary>
internal static partial class HammingScan
{
    private readonly struct VbmiByteCounts : IByteCounts
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<byte> Of(Vector512<ulong> value)
        {
            // popcount(i) for i in 0..63: the count of bits 0–5.
            Vector512<byte> low = Vector512.Create(
                (byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 1, 2, 2, 3, 2, 3, 3, 4, 2, 3, 3, 4, 3, 4, 4, 5,
                1, 2, 2, 3, 2, 3, 3, 4, 2, 3, 3, 4, 3, 4, 4, 5, 2, 3, 3, 4, 3, 4, 4, 5, 3, 4, 4, 5, 4, 5, 5, 6);

            // popcount(i >> 4) for i in 0..63, indexed by bits 2–7: the count of bits 6–7.
            Vector512<byte> high = Vector512.Create(
                (byte)0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2);
            return Avx512Vbmi.PermuteVar64x8(low, value.AsByte()) + Avx512Vbmi.PermuteVar64x8(high, (value.AsUInt16() >>> 2).AsByte());
        }
    }
}
