using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HashMatch.Indexing;

/// <summary>
/// The AVX-512VBMI single-query path, four rows (two 512-bit vectors) per step: like the eight-query loop
/// (<c>HammingScan.Batch.Avx512Vbmi.cs</c>) it bounds each row's distance from below with one <c>vpermi2b</c> that
/// counts 7 of every 8 bits, over the first two words up to r = 40 and all four up to r = 88, and counts only the
/// rows whose bound is within the radius exactly (with POPCNT). Above r = 88 the bound passes too often and the
/// exact AVX-512BW kernel runs instead.
/// </summary>
/// <remarks>
/// Measured at 1M rows (docs/hash-index.md): faster than the scalar kernel with its exit after 128 bits at every
/// radius, because a row costs about 1.5 vector instructions instead of four POPCNTs' worth of scalar work.
/// </remarks>
internal static partial class HammingScan
{
    private static bool Avx512VbmiSupported => Avx512Vbmi.IsSupported && Avx512Supported;

    private static int ScanAvx512Vbmi(ReadOnlySpan<ulong> rows, in PdqHash query, int maxDistance, Span<int> hitRows, Span<int> hitDistances)
    {
        if (maxDistance > FullBoundRadius)
        {
            return ScanAvx512(rows, query, maxDistance, hitRows, hitDistances);
        }

        Span<int> candidates = stackalloc int[CandidateCapacity];
        ref ulong first = ref MemoryMarshal.GetReference(rows);
        int count = rows.Length / HashStore.Words, hits = 0, next = 0;
        ulong q0 = query.GetWord(0), q1 = query.GetWord(1), q2 = query.GetWord(2), q3 = query.GetWord(3);
        while (next + 4 <= count)
        {
            int found = FindSingleCandidatesVbmi(ref first, next, count, query, maxDistance, candidates, out next);
            for (int c = 0; c < found; c++)
            {
                int row = candidates[c];
                ref ulong r = ref Unsafe.Add(ref first, (nint)(uint)row * HashStore.Words);
                int distance = BitOperations.PopCount(r ^ q0) + BitOperations.PopCount(Unsafe.Add(ref r, 1) ^ q1) +
                    BitOperations.PopCount(Unsafe.Add(ref r, 2) ^ q2) + BitOperations.PopCount(Unsafe.Add(ref r, 3) ^ q3);
                if (distance <= maxDistance)
                {
                    hitRows[hits] = row;
                    hitDistances[hits] = distance;
                    hits++;
                }
            }
        }

        return ScanScalar(rows, next, query, maxDistance, hitRows, hitDistances, hits);
    }

    /// <summary>
    /// Collects, in row order, the rows from <paramref name="start"/> whose bound is within
    /// <paramref name="maxDistance"/>, four rows per step, until <paramref name="candidates"/> is nearly full or fewer
    /// than four rows remain; <paramref name="next"/> is the row to continue from.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FindSingleCandidatesVbmi(ref ulong rows, int start, int count, in PdqHash query, int maxDistance, Span<int> candidates, out int next)
    {
        // popcount(i) for i in 0..127, as the two halves vpermi2b takes.
        Vector512<byte> low = Vector512.Create(
            (byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 1, 2, 2, 3, 2, 3, 3, 4, 2, 3, 3, 4, 3, 4, 4, 5,
            1, 2, 2, 3, 2, 3, 3, 4, 2, 3, 3, 4, 3, 4, 4, 5, 2, 3, 3, 4, 3, 4, 4, 5, 3, 4, 4, 5, 4, 5, 5, 6);
        Vector512<byte> high = low + Vector512<byte>.One;

        // Two rows per vector, so the query twice; the half bound drops the byte counts of words 2 and 3.
        Vector512<ulong> q = Vector512.Create(query.GetWord(0), query.GetWord(1), query.GetWord(2), query.GetWord(3), query.GetWord(0), query.GetWord(1), query.GetWord(2), query.GetWord(3));
        Vector512<byte> counted = maxDistance <= HalfBoundRadius
            ? Vector512.Create(ulong.MaxValue, ulong.MaxValue, 0, 0, ulong.MaxValue, ulong.MaxValue, 0, 0).AsByte()
            : Vector512<byte>.AllBitsSet;
        Vector512<ulong> limit = Vector512.Create((ulong)maxDistance);
        ref int candidate = ref MemoryMarshal.GetReference(candidates);
        int room = candidates.Length - 4, found = 0, i = start;
        for (; i + 4 <= count && found <= room; i += 4)
        {
            ref ulong r = ref Unsafe.Add(ref rows, (nint)(uint)i * HashStore.Words);
            Vector512<ulong> ab = Avx512BW.SumAbsoluteDifferences(Avx512Vbmi.PermuteVar64x8x2(low, (Vector512.LoadUnsafe(ref r) ^ q).AsByte(), high) & counted, Vector512<byte>.Zero).AsUInt64();
            Vector512<ulong> cd = Avx512BW.SumAbsoluteDifferences(Avx512Vbmi.PermuteVar64x8x2(low, (Vector512.LoadUnsafe(ref r, 8) ^ q).AsByte(), high) & counted, Vector512<byte>.Zero).AsUInt64();

            // Per-word sums of rows a, b (ab) and c, d (cd) → row sums: pairs within 128-bit lanes, then across
            // neighbouring lanes. Lanes 0, 1, 4, 5 of the result hold rows a, c, b, d.
            Vector512<ulong> pairs = Avx512F.UnpackLow(ab, cd) + Avx512F.UnpackHigh(ab, cd);
            Vector512<ulong> bounds = pairs + Avx512F.Shuffle4x128(pairs, pairs, 0b10_11_00_01);
            if (Vector512.LessThanOrEqualAny(bounds, limit))
            {
                ulong mask = Vector512.LessThanOrEqual(bounds, limit).ExtractMostSignificantBits();
                if ((mask & 0b00_0001) != 0)
                {
                    Unsafe.Add(ref candidate, found++) = i;
                }

                if ((mask & 0b01_0000) != 0)
                {
                    Unsafe.Add(ref candidate, found++) = i + 1;
                }

                if ((mask & 0b00_0010) != 0)
                {
                    Unsafe.Add(ref candidate, found++) = i + 2;
                }

                if ((mask & 0b10_0000) != 0)
                {
                    Unsafe.Add(ref candidate, found++) = i + 3;
                }
            }
        }

        next = i;
        return found;
    }
}
