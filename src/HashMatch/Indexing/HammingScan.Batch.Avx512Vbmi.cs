using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HashMatch.Indexing;

/// <summary>
/// The AVX-512VBMI eight-query row loop. It does not count every bit: one <c>vpermi2b</c> (a 128-entry table in two
/// registers, indexed by the low seven bits of each byte) counts bits 0–6 of every byte, which bounds the distance
/// from below; only rows whose bound is within the radius for some query are counted exactly (by the caller).
/// </summary>
/// <remarks>
/// <para>
/// For random 256-bit hashes the seven-bit count of the first two words (112 bits) is 56 ± 5.3, so at r = 31 about one
/// row in 10⁵ passes for any of the eight queries; all four words (224 bits, 112 ± 7.5) keep radii up to about 88
/// selective. Beyond that every row is counted exactly. Per row that is two XORs, two lookups and one
/// <c>vpsadbw</c> at small radii, against twelve instructions for the exact 128-bit count.
/// </para>
/// <para>
/// The two lookups of a row share one <c>vpsadbw</c>: the second table holds 255 − popcount, so
/// Σ|a − (255 − b)| = 8·255 − Σ(a + b) per 64-bit lane (every a + b ≤ 255), and "bound ≤ r" becomes
/// "sum ≥ 2040 − r". Two rows are tested with one comparison (of their lane-wise maximum).
/// </para>
/// </remarks>
internal static partial class HammingScan
{
    /// <summary>Largest radius for which the 112-bit bound (first two words) is selective; from here on the 224-bit one.</summary>
    private const int HalfBoundRadius = 40;

    /// <summary>Largest radius for which the 224-bit bound is selective; above it rows are counted exactly.</summary>
    private const int FullBoundRadius = 88;

    /// <summary>8 lanes' bytes of 255: what the combined <c>vpsadbw</c> subtracts the bound from.</summary>
    private const ulong SumOfComplements = 8 * 255;

    /// <summary>
    /// Collects the rows from <paramref name="start"/> that may lie within <paramref name="maxDistance"/> of some query,
    /// until <paramref name="candidates"/> is full or the rows end; <paramref name="next"/> is the row to continue from.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FindCandidatesVbmi(ref ulong rows, int start, int count, in ManyQueries queries, int maxDistance, Span<int> candidates, out int next)
    {
        // popcount(i) for i in 0..127, as the two halves vpermi2b takes, and their complements to 255.
        Vector512<byte> low = Vector512.Create(
            (byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 1, 2, 2, 3, 2, 3, 3, 4, 2, 3, 3, 4, 3, 4, 4, 5,
            1, 2, 2, 3, 2, 3, 3, 4, 2, 3, 3, 4, 3, 4, 4, 5, 2, 3, 3, 4, 3, 4, 4, 5, 3, 4, 4, 5, 4, 5, 5, 6);
        Vector512<byte> high = low + Vector512<byte>.One;
        Vector512<byte> lowComplement = Vector512<byte>.AllBitsSet - low, highComplement = Vector512<byte>.AllBitsSet - high;

        // Locals, so that the loops read registers; they must stay free of calls for that (see HammingScan.Batch.cs).
        Vector512<ulong> q0 = queries.Word0, q1 = queries.Word1, q2 = queries.Word2, q3 = queries.Word3;
        Vector512<ulong> limit = Vector512.Create(SumOfComplements - (ulong)maxDistance);
        ref int candidate = ref MemoryMarshal.GetReference(candidates);
        int room = candidates.Length - 1, found = 0, i = start;
        if (maxDistance <= FullBoundRadius)
        {
            bool half = maxDistance <= HalfBoundRadius;
            for (; i < count && found < room; i += 2)
            {
                ref ulong a = ref Unsafe.Add(ref rows, (nint)(uint)i * HashStore.Words);

                // A lone last row is paired with itself.
                ref ulong b = ref i + 1 < count ? ref Unsafe.Add(ref a, HashStore.Words) : ref a;
                Vector512<ulong> sa, sb;
                if (half)
                {
                    sa = Avx512BW.SumAbsoluteDifferences(
                        Avx512Vbmi.PermuteVar64x8x2(low, (Vector512.Create(a) ^ q0).AsByte(), high),
                        Avx512Vbmi.PermuteVar64x8x2(lowComplement, (Vector512.Create(Unsafe.Add(ref a, 1)) ^ q1).AsByte(), highComplement)).AsUInt64();
                    sb = Avx512BW.SumAbsoluteDifferences(
                        Avx512Vbmi.PermuteVar64x8x2(low, (Vector512.Create(b) ^ q0).AsByte(), high),
                        Avx512Vbmi.PermuteVar64x8x2(lowComplement, (Vector512.Create(Unsafe.Add(ref b, 1)) ^ q1).AsByte(), highComplement)).AsUInt64();
                }
                else
                {
                    // Counts of words 0 and 2 against 255 − counts of words 1 and 3 (each byte: at most 14 against at least 241).
                    sa = Avx512BW.SumAbsoluteDifferences(
                        Avx512Vbmi.PermuteVar64x8x2(low, (Vector512.Create(a) ^ q0).AsByte(), high) +
                        Avx512Vbmi.PermuteVar64x8x2(low, (Vector512.Create(Unsafe.Add(ref a, 2)) ^ q2).AsByte(), high),
                        Avx512Vbmi.PermuteVar64x8x2(lowComplement, (Vector512.Create(Unsafe.Add(ref a, 1)) ^ q1).AsByte(), highComplement) -
                        Avx512Vbmi.PermuteVar64x8x2(low, (Vector512.Create(Unsafe.Add(ref a, 3)) ^ q3).AsByte(), high)).AsUInt64();
                    sb = Avx512BW.SumAbsoluteDifferences(
                        Avx512Vbmi.PermuteVar64x8x2(low, (Vector512.Create(b) ^ q0).AsByte(), high) +
                        Avx512Vbmi.PermuteVar64x8x2(low, (Vector512.Create(Unsafe.Add(ref b, 2)) ^ q2).AsByte(), high),
                        Avx512Vbmi.PermuteVar64x8x2(lowComplement, (Vector512.Create(Unsafe.Add(ref b, 1)) ^ q1).AsByte(), highComplement) -
                        Avx512Vbmi.PermuteVar64x8x2(low, (Vector512.Create(Unsafe.Add(ref b, 3)) ^ q3).AsByte(), high)).AsUInt64();
                }

                if (Vector512.GreaterThanOrEqualAny(Vector512.Max(sa, sb), limit))
                {
                    if (Vector512.GreaterThanOrEqualAny(sa, limit))
                    {
                        Unsafe.Add(ref candidate, found++) = i;
                    }

                    if (i + 1 < count && Vector512.GreaterThanOrEqualAny(sb, limit))
                    {
                        Unsafe.Add(ref candidate, found++) = i + 1;
                    }
                }
            }
        }
        else
        {
            Vector512<ulong> radius = Vector512.Create((ulong)maxDistance);
            for (; i < count && found < room; i++)
            {
                ref ulong r = ref Unsafe.Add(ref rows, (nint)(uint)i * HashStore.Words);
                Vector512<byte> counts =
                    VbmiByteCounts.Of(Vector512.Create(r) ^ q0) + VbmiByteCounts.Of(Vector512.Create(Unsafe.Add(ref r, 1)) ^ q1) +
                    VbmiByteCounts.Of(Vector512.Create(Unsafe.Add(ref r, 2)) ^ q2) + VbmiByteCounts.Of(Vector512.Create(Unsafe.Add(ref r, 3)) ^ q3);
                if (Vector512.LessThanOrEqualAny(Avx512BW.SumAbsoluteDifferences(counts, Vector512<byte>.Zero).AsUInt64(), radius))
                {
                    Unsafe.Add(ref candidate, found++) = i;
                }
            }
        }

        next = Math.Min(i, count);
        return found;
    }

    /// <summary>
    /// Exact byte popcounts with VBMI: <c>vpermb</c> indexes a 64-entry table with the low six bits of each byte, so
    /// a byte's count is two lookups — bits 0–5 directly, bits 6–7 after a 16-bit shift by two (which brings bits 2–7
    /// of every byte into its own low six bits) — with no masking.
    /// </summary>
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
