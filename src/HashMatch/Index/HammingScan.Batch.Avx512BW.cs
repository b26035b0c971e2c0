using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HashMatch;

/// <summary>
/// AVX-512BW byte popcounts for the eight-query kernel on CPUs without VBMI (Skylake-X, Cascade Lake): the nibble
/// table (Mula, Kurz and Lemire, "Faster Population Counts Using AVX2 Instructions", Computer Journal 2018) —
/// <c>vpshufb</c> looks up each 4-bit half, indexed within 128-bit lanes, so the 16-entry table is repeated four times.
/// </summary>
internal static partial class HammingScan
{
    private readonly struct NibbleByteCounts : IByteCounts
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<byte> Of(Vector512<ulong> value)
        {
            // popcount(i) for i in 0..15, once per 128-bit lane.
            Vector512<byte> table = Vector512.Create(
                (byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
                0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
            Vector512<byte> nibble = Vector512.Create((byte)0x0F);
            Vector512<byte> bytes = value.AsByte();
            return Avx512BW.Shuffle(table, bytes & nibble) + Avx512BW.Shuffle(table, (bytes.AsUInt16() >>> 4).AsByte() & nibble);
        }
    }
}
