using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HashMatch.Indexing;

/// <summary>
/// The AVX-512BW eight-query row loop, for CPUs without VBMI (Skylake-X, Cascade Lake): exact byte popcounts from
/// the nibble table (Mula, Kurz and Lemire, "Faster Population Counts Using AVX2 Instructions", Computer Journal
/// 2018). Below <see cref="VectorRadius"/> a row's last 128 bits are counted only when some query is still within the
/// radius after its first 128 (random halves are 64 ± 6 bits apart); from there on every row is counted in full.
/// </summary>
internal static partial class HammingScan
{
    /// <inheritdoc cref="FindCandidatesVbmi"/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FindCandidatesAvx512BW(ref ulong rows, int start, int count, in ManyQueries queries, int maxDistance, Span<int> candidates, out int next)
    {
        // Locals, so that the loop reads registers; it must stay free of calls for that (see HammingScan.Batch.cs).
        Vector512<ulong> q0 = queries.Word0, q1 = queries.Word1, q2 = queries.Word2, q3 = queries.Word3;
        Vector512<ulong> limit = Vector512.Create((ulong)maxDistance);
        bool earlyExit = maxDistance < VectorRadius;
        ref int candidate = ref MemoryMarshal.GetReference(candidates);
        int found = 0, i = start;
        for (; i < count && found < candidates.Length; i++)
        {
            ref ulong r = ref Unsafe.Add(ref rows, (nint)(uint)i * HashStore.Words);

            // Byte counts of two words add without overflow (at most 16 per byte) before one vpsadbw.
            Vector512<ulong> d = Avx512BW.SumAbsoluteDifferences(
                NibbleByteCounts.Of(Vector512.Create(r) ^ q0) + NibbleByteCounts.Of(Vector512.Create(Unsafe.Add(ref r, 1)) ^ q1),
                Vector512<byte>.Zero).AsUInt64();
            if (!earlyExit || Vector512.LessThanOrEqualAny(d, limit))
            {
                d += Avx512BW.SumAbsoluteDifferences(
                    NibbleByteCounts.Of(Vector512.Create(Unsafe.Add(ref r, 2)) ^ q2) + NibbleByteCounts.Of(Vector512.Create(Unsafe.Add(ref r, 3)) ^ q3),
                    Vector512<byte>.Zero).AsUInt64();
                if (Vector512.LessThanOrEqualAny(d, limit))
                {
                    Unsafe.Add(ref candidate, found++) = i;
                }
            }
        }

        next = i;
        return found;
    }

    /// <summary>
    /// Exact byte popcounts with the nibble table: <c>vpshufb</c> looks up each 4-bit half, indexed within 128-bit
    /// lanes, so the 16-entry table is repeated four times.
    /// </summary>
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
