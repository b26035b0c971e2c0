using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AdvSimdIsa = System.Runtime.Intrinsics.Arm.AdvSimd;

namespace HashMatch.Indexing;

/// <summary>ARM64 path: byte popcounts of the 32-byte XOR, summed across the vector, one row per step.</summary>
internal static partial class HammingScan
{
    private static bool AdvSimdSupported => AdvSimdIsa.Arm64.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScanAdvSimd(ReadOnlySpan<ulong> rows, in PdqHash query, int maxDistance, Span<int> hitRows, Span<int> hitDistances)
    {
        Vector128<byte> qLow = Vector128.Create(query.GetWord(0), query.GetWord(1)).AsByte();
        Vector128<byte> qHigh = Vector128.Create(query.GetWord(2), query.GetWord(3)).AsByte();
        ref ulong row = ref MemoryMarshal.GetReference(rows);
        int count = rows.Length / HashStore.Words, hits = 0;
        for (int i = 0; i < count; i++)
        {
            ref ulong r = ref Unsafe.Add(ref row, i * HashStore.Words);
            Vector128<byte> counts =
                AdvSimdIsa.PopCount(Vector128.LoadUnsafe(ref r).AsByte() ^ qLow) +
                AdvSimdIsa.PopCount(Vector128.LoadUnsafe(ref r, 2).AsByte() ^ qHigh);
            // Widening add (UADDLV): the byte sum reaches 256 for complementary hashes, which a byte-wide ADDV would
            // wrap to 0 (found by the FsCheck properties in the first ARM64 run: all-zero matched all-one at r = 0).
            int distance = AdvSimdIsa.Arm64.AddAcrossWidening(counts).ToScalar();
            if (distance <= maxDistance)
            {
                hitRows[hits] = i;
                hitDistances[hits] = distance;
                hits++;
            }
        }

        return hits;
    }
}
